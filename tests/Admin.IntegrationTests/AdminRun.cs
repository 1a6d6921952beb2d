using System.Diagnostics;
using KafkaRooms.Testing;

namespace KafkaRooms.Admin.IntegrationTests;

/// <summary>The built admin tool run as an operator runs it: its own process, environment, exit code and output.</summary>
internal sealed class AdminRun
{
    private readonly List<string> _out = [];
    private readonly List<string> _err = [];

    private AdminRun()
    {
    }

    public int ExitCode { get; private set; }

    public string Out => Joined(_out);

    public string Err => Joined(_err);

    /// <param name="onErrorLine">Called with each stderr line as it comes (progress, re-checks).</param>
    public static async Task<AdminRun> RunAsync(
        IReadOnlyDictionary<string, string> environment, IEnumerable<string> arguments, Func<string, Task>? onErrorLine = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(RepositoryLayout.Program("Admin"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Only what the test sets: no Redis or Kafka of the machine leaks in.
        foreach (var name in new[] { "KAFKA_BOOTSTRAP_SERVERS", "RoomState__Redis", "RoomState__KeyPrefix", "Kafka__CallbacksTopic" })
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var run = new AdminRun();
        using var process = Process.Start(start)!;
        var reactions = new List<Task>();
        process.OutputDataReceived += (_, e) => run.Add(run._out, e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            run.Add(run._err, e.Data);
            if (e.Data is not null && onErrorLine is not null)
            {
                lock (reactions)
                {
                    reactions.Add(onErrorLine(e.Data));
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the admin tool did not finish within 120 s: {run.Out}\n{run.Err}");
        }

        process.WaitForExit();
        Task[] pending;
        lock (reactions)
        {
            pending = [.. reactions];
        }

        await Task.WhenAll(pending);
        run.ExitCode = process.ExitCode;
        return run;
    }

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Out}\nstderr:\n{Err}";

    private void Add(List<string> lines, string? line)
    {
        if (line is not null)
        {
            lock (lines)
            {
                lines.Add(line);
            }
        }
    }

    private static string Joined(List<string> lines)
    {
        lock (lines)
        {
            return string.Join('\n', lines);
        }
    }
}
