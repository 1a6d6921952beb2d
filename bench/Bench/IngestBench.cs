using System.Diagnostics;
using System.Globalization;
using KafkaRooms.FakeZego;
using KafkaRooms.Testing;

namespace KafkaRooms.Bench;

/// <summary>
/// (4) Signed callbacks through Ingest (acks=all), beside the hello-world server on the same
/// Kestrel settings and beside Ingest with OpenTelemetry switched off, all driven by wrk at the
/// same concurrency. The three servers run side by side; each is warmed up first (the JIT's
/// tiering, the producer's connections), then measured in rounds, one after the other, so a
/// change in the machine's load hits every server of a round alike.
/// </summary>
internal static class IngestBench
{
    public const string Hello = "hello world";
    public const string Ingest = "ingest";
    public const string IngestWithoutTelemetry = "ingest, OpenTelemetry off";
    public const string IngestBaseline = "ingest, baseline build";
    public const string IngestVariantPrefix = "ingest, with ";

    public static async Task<IngestFigures> RunAsync(BenchEnvironment environment, string topic)
    {
        var options = environment.Options;
        var bodies = Path.Combine(Path.GetTempPath(), $"kafkarooms-bodies-{Guid.NewGuid():N}.txt");
        var script = Path.Combine(Path.GetTempPath(), $"kafkarooms-wrk-{Guid.NewGuid():N}.lua");
        await Wrk.WriteScriptAsync(script);
        var servers = new List<(string Name, ServiceProcess Process)>();
        try
        {
            servers.Add((Hello, await ServiceProcess.StartAsync(environment.BenchProgram, "hello", new Dictionary<string, string>(), verb: "hello")));
            servers.Add((Ingest, await ServiceProcess.StartAsync(environment.Program("Ingest"), "ingest", environment.ServiceEnvironment(topic))));
            // The OpenTelemetry SDK's own switch: no tracer or meter provider, so neither the
            // request's activity nor any metric is recorded; the rest of Ingest is unchanged.
            var withoutTelemetry = environment.ServiceEnvironment(topic);
            withoutTelemetry["OTEL_SDK_DISABLED"] = "true";
            servers.Add((IngestWithoutTelemetry, await ServiceProcess.StartAsync(environment.Program("Ingest"), "ingest-no-otel", withoutTelemetry)));
            if (options.IngestBaseline is { } baseline)
            {
                servers.Add((IngestBaseline, await ServiceProcess.StartAsync(baseline, "ingest-baseline", environment.ServiceEnvironment(topic))));
            }

            foreach (var (variant, index) in options.IngestVariants.Select((v, i) => (v, i)))
            {
                var tuned = environment.ServiceEnvironment(topic);
                foreach (var setting in variant.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    var (key, value) = setting.Split('=', 2) is [var k, var v] ? (k, v) : throw new ArgumentException($"--ingest-env {variant}: expected NAME=value");
                    tuned[key] = value;
                }

                servers.Add((IngestVariantPrefix + variant, await ServiceProcess.StartAsync(environment.Program("Ingest"), $"ingest-variant-{index}", tuned)));
            }

            // Signed afresh for each round, so no run outlives the 300 s timestamp tolerance.
            await File.WriteAllLinesAsync(bodies, SignedBodies(20_000));
            foreach (var (_, process) in servers)
            {
                await Wrk.RunAsync(process.Url, script, bodies, options.IngestConcurrency, options.IngestWarmUp);
            }

            var runs = new List<IngestRun>();
            for (var round = 1; round <= options.IngestRounds; round++)
            {
                await File.WriteAllLinesAsync(bodies, SignedBodies(20_000));
                foreach (var (name, process) in servers)
                {
                    runs.Add(await MeasureAsync(name, round, process, script, bodies, options));
                }
            }

            return new IngestFigures(runs);
        }
        finally
        {
            foreach (var (_, process) in servers)
            {
                await process.DisposeAsync();
            }

            File.Delete(bodies);
            File.Delete(script);
        }
    }

    private static async Task<IngestRun> MeasureAsync(string name, int round, ServiceProcess server, string script, string bodies, BenchOptions options)
    {
        var wall = Stopwatch.StartNew();
        var process = ThreadCpuMeter.Start(server.Id);
        var driver = ThreadCpuMeter.Start(BenchEnvironment.BenchProcessId);
        var wrk = await Wrk.RunAsync(server.Url, script, bodies, options.IngestConcurrency, options.IngestDuration);
        return new IngestRun(name, round, wrk, process.Stop(), driver.Stop().Total, wall.Elapsed);
    }

    /// <summary>One JSON body per line, signed now (well within the 300 s tolerance of a run).</summary>
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
}
