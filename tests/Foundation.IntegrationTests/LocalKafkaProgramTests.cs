using System.Diagnostics;

namespace KafkaRooms.Foundation.IntegrationTests;

/// <summary>The local Kafka program, used from other processes the way `make run` and kcat use it.</summary>
public sealed class LocalKafkaProgramTests
{
    [Fact]
    public async Task Kcat_lists_three_brokers_and_the_topics_and_a_kcat_group_reads_what_was_produced()
    {
        var bootstrapFile = Path.Combine(Path.GetTempPath(), $"kafkarooms-bootstrap-{Guid.NewGuid():N}.txt");
        using var program = StartProgram("--bootstrap-file", bootstrapFile);
        try
        {
            var bootstrap = await ReadLineAsync(program, TimeSpan.FromSeconds(30));
            Assert.Matches(@"^127\.0\.0\.1:\d+(,127\.0\.0\.1:\d+){2}$", bootstrap);
            Assert.Equal(bootstrap, (await File.ReadAllTextAsync(bootstrapFile)).Trim());

            var metadata = await CommandLine.RunAsync("kcat", "", "-b", bootstrap, "-L");
            Assert.Contains("3 brokers:", metadata);
            Assert.Contains("topic \"zego-room-callbacks\" with 12 partitions", metadata);
            Assert.Contains("topic \"zego-room-callbacks.dlt\" with 3 partitions", metadata);

            var lines = Enumerable.Range(0, 50).Select(i => $"room-{i}:value-{i}").ToArray();
            await CommandLine.RunAsync("kcat", string.Join('\n', lines) + "\n", "-b", bootstrap, "-P", "-t", "zego-room-callbacks", "-K:");
            var consumed = await CommandLine.RunAsync("kcat", "", "-b", bootstrap, "-G", $"kcat-{Guid.NewGuid():N}", "-o", "beginning",
                "-e", "-q", "-f", "%k:%s\\n", "zego-room-callbacks");
            Assert.Equal(lines.Order(), consumed.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
        }
        finally
        {
            Stop(program);
        }

        Assert.True(program.HasExited);
        Assert.Equal(0, program.ExitCode);
        Assert.False(File.Exists(bootstrapFile), "the bootstrap file outlived the program");
    }

    private static Process StartProgram(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "KafkaRooms.LocalKafka.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<string> ReadLineAsync(Process process, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        return await process.StandardOutput.ReadLineAsync(cancel.Token) ?? throw new InvalidOperationException("the program printed nothing");
    }

    private static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            // SIGTERM, as an orchestrator or `make run` would send it.
            CommandLine.Signal(process.Id, "TERM");
            if (!process.WaitForExit(15_000))
            {
                process.Kill();
            }
        }
    }
}
