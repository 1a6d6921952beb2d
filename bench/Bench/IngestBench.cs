using System.Diagnostics;
using System.Globalization;
using KafkaRooms.FakeZego;
using KafkaRooms.Testing;

namespace KafkaRooms.Bench;

/// <summary>
/// (4) Signed callbacks per second and latency through Ingest (acks=all), beside the hello-world
/// server on the same Kestrel settings, both driven by wrk at the same concurrency.
/// </summary>
internal static class IngestBench
{
    public sealed record WrkResult(double RequestsPerSecond, double P50Ms, double P99Ms, long Non2xx, string Cpu = "");

    public static async Task<(WrkResult Ingest, WrkResult Hello)> RunAsync(BenchEnvironment environment, string topic)
    {
        var bodies = Path.Combine(Path.GetTempPath(), $"kafkarooms-bodies-{Guid.NewGuid():N}.txt");
        var script = Path.Combine(Path.GetTempPath(), $"kafkarooms-wrk-{Guid.NewGuid():N}.lua");
        await File.WriteAllLinesAsync(bodies, SignedBodies(20_000));
        await File.WriteAllTextAsync(script, WrkScript);
        try
        {
            WrkResult hello;
            await using (var server = await ServiceProcess.StartAsync(environment.BenchProgram, "hello", new Dictionary<string, string>(), verb: "hello"))
            {
                hello = await RunWrkAsync(server, script, bodies, environment.Options);
            }

            await using var ingest = await ServiceProcess.StartAsync(environment.Program("Ingest"), "ingest", environment.ServiceEnvironment(topic));
            var result = await RunWrkAsync(ingest, script, bodies, environment.Options);
            return (result, hello);
        }
        finally
        {
            File.Delete(bodies);
            File.Delete(script);
        }
    }

    /// <summary>One JSON body per line, signed now (well within the 300 s tolerance of a short run).</summary>
    private static IEnumerable<string> SignedBodies(int count)
    {
        var now = DateTimeOffset.UtcNow;
        var events = BenchWorkload.Generate(count / 8, count, seed: 4);
        var app = new ZegoApp(1, BenchSecrets.Secret);
        var nonce = 0;
        foreach (var e in events)
        {
            yield return app.For(e).Signed(timestampSeconds: now.ToUnixTimeSeconds(), nonce: (++nonce).ToString(CultureInfo.InvariantCulture)).ToJson();
        }
    }

    private static async Task<WrkResult> RunWrkAsync(ServiceProcess server, string script, string bodies, BenchOptions options)
    {
        var url = server.Url;
        var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])["-t", "2", "-c", options.IngestConcurrency.ToString(CultureInfo.InvariantCulture),
                     "-d", $"{(int)options.IngestDuration.TotalSeconds}s", "--latency", "-s", script, url.ToString()])
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["BODIES"] = bodies;
        using var process = Process.Start(start)!;
        var cpu = CpuMeter.Start(new()
        {
            [server.Name] = [server.Id],
            ["mock Kafka + driver"] = [BenchEnvironment.BenchProcessId],
        });
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var usage = cpu.Report();
        return Parse(output) with { Cpu = usage };
    }

    internal static WrkResult Parse(string output)
    {
        double Latency(string label)
        {
            var line = output.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith(label, StringComparison.Ordinal));
            var value = line[label.Length..].Trim();
            return value.EndsWith("us", StringComparison.Ordinal) ? double.Parse(value[..^2], CultureInfo.InvariantCulture) / 1000
                : value.EndsWith("ms", StringComparison.Ordinal) ? double.Parse(value[..^2], CultureInfo.InvariantCulture)
                : double.Parse(value[..^1], CultureInfo.InvariantCulture) * 1000;
        }

        var rate = output.Split('\n').First(l => l.StartsWith("Requests/sec:", StringComparison.Ordinal));
        var non2xx = output.Split('\n').FirstOrDefault(l => l.Trim().StartsWith("Non-2xx", StringComparison.Ordinal));
        return new WrkResult(
            double.Parse(rate["Requests/sec:".Length..].Trim(), CultureInfo.InvariantCulture),
            Latency("50%"),
            Latency("99%"),
            non2xx is null ? 0 : long.Parse(non2xx.Split(':')[1].Trim(), CultureInfo.InvariantCulture));
    }

    private const string WrkScript = """
        -- Cycles through pre-signed ZEGO callback bodies, one per line of $BODIES.
        local bodies = {}
        for line in io.lines(os.getenv("BODIES")) do bodies[#bodies + 1] = line end
        local i = 0
        local headers = { ["Content-Type"] = "application/json" }
        request = function()
          i = i % #bodies + 1
          return wrk.format("POST", "/zego/callback", headers, bodies[i])
        end
        """;
}
