using System.Diagnostics;
using System.Threading.Channels;
using KafkaRooms.FakeZego;
using KafkaRooms.Rooms.Contract;
using KafkaRooms.Rooms.Reading;
using KafkaRooms.Rooms.Redis;
using KafkaRooms.Testing;
using Microsoft.Extensions.Options;

namespace KafkaRooms.Bench;

/// <summary>
/// (5) Time from Ingest's 200 to the room being visible through the reader, at a fixed rate of
/// new-room callbacks, with Ingest and one Worker running; (6b) their resident memory under that load.
/// </summary>
internal static class EndToEndBench
{
    public const int SampleEvery = 5;

    // Reads of the watchers, to show what watching costs beside the figures.
    private static long _reads;

    public sealed record Result(double TargetRate, double AchievedRate, int Samples, double P50Ms, double P99Ms, int Non2xx, long IngestRss, long WorkerRss,
        string Cpu, double ReadsPerSample);

    public static async Task<Result> RunAsync(BenchEnvironment environment, string topic)
    {
        await environment.FlushRedisAsync();
        await using var ingest = await ServiceProcess.StartAsync(environment.Options.IngestBaseline ?? environment.Program("Ingest"), "ingest", environment.ServiceEnvironment(topic));
        await using var worker = await ServiceProcess.StartAsync(environment.Options.WorkerProgram ?? environment.Program("Worker"), "worker",
            environment.WorkerEnvironment(topic, $"e2e-{Guid.NewGuid():N}"));
        var reader = new RoomReader(environment.Redis, Options.Create(new RoomStateOptions()));
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = ingest.Url };
        var client = new CallbackSender(http, new ZegoApp(1, BenchSecrets.Secret));

        // Warm-up: connections, JIT, group join.
        await SendAsync(client, reader, rate: 500, TimeSpan.FromSeconds(3), "warm", new List<double>(), CancellationToken.None);

        var latencies = new List<double>();
        Interlocked.Exchange(ref _reads, 0);
        var cpu = CpuMeter.Start(new()
        {
            ["ingest"] = [ingest.Id],
            ["worker"] = [worker.Id],
            ["redis-server"] = [await environment.RedisProcessIdAsync()],
            ["mock Kafka + load + watchers"] = [BenchEnvironment.BenchProcessId],
        });
        var clock = Stopwatch.StartNew();
        var (sent, non2xx) = await SendAsync(client, reader, environment.Options.EndToEndRate, environment.Options.EndToEndDuration, "e2e", latencies, CancellationToken.None);
        var achieved = sent / clock.Elapsed.TotalSeconds;
        cpu.Stop();
        var ingestRss = ingest.ResidentBytes();
        var workerRss = worker.ResidentBytes();
        latencies.Sort();
        double Percentile(double p) => latencies.Count == 0 ? double.NaN : latencies[Math.Clamp((int)Math.Ceiling(p / 100 * latencies.Count) - 1, 0, latencies.Count - 1)];
        return new Result(environment.Options.EndToEndRate, achieved, latencies.Count, Percentile(50), Percentile(99), non2xx, ingestRss, workerRss,
            cpu.Report(), latencies.Count == 0 ? double.NaN : Interlocked.Read(ref _reads) / (double)latencies.Count);
    }

    private static async Task<(int Sent, int Non2xx)> SendAsync(
        CallbackSender client, RoomReader reader, double rate, TimeSpan duration, string tag, List<double> latencies, CancellationToken cancellationToken)
    {
        var total = (int)(rate * duration.TotalSeconds);
        var queue = Channel.CreateBounded<int>(4096);
        var non2xx = 0;
        var run = Guid.NewGuid().ToString("N")[..8];
        var watchers = new System.Collections.Concurrent.ConcurrentBag<Task>();
        var senders = Enumerable.Range(0, 128).Select(_ => Task.Run(async () =>
        {
            await foreach (var i in queue.Reader.ReadAllAsync(cancellationToken))
            {
                var roomId = $"{tag}-{run}-{i}";
                var e = new RoomEvent
                {
                    Kind = RoomEventKind.RoomCreated, AppId = 1, RoomId = roomId,
                    RoomSession = 858012925204410400UL + (ulong)i, TimeMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
                    Creator = "bench",
                };
                var (status, _) = await client.SendAsync(e, cancellationToken);
                if (status != 200)
                {
                    Interlocked.Increment(ref non2xx);
                    continue;
                }

                if (i % SampleEvery == 0)
                {
                    // Watch for visibility off the sending path, so sending keeps its rate.
                    var acknowledged = Stopwatch.GetTimestamp();
                    watchers.Add(WatchAsync(reader, roomId, acknowledged, latencies, cancellationToken));
                }
            }
        }, cancellationToken)).ToArray();

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds(i / rate);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed, cancellationToken);
            }

            await queue.Writer.WriteAsync(i, cancellationToken);
        }

        queue.Writer.Complete();
        await Task.WhenAll(senders);
        await Task.WhenAll(watchers);
        return (total, non2xx);
    }

    private static Task<RoomView?> ReadAsync(RoomReader reader, string roomId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        return reader.GetRoomAsync(1, roomId, cancellationToken);
    }

    private static async Task WatchAsync(RoomReader reader, string roomId, long acknowledged, List<double> latencies, CancellationToken cancellationToken)
    {
        while (await ReadAsync(reader, roomId, cancellationToken) is null)
        {
            if (Stopwatch.GetElapsedTime(acknowledged) > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"room {roomId} never became visible");
            }

            await Task.Delay(1, cancellationToken);
        }

        var visibleAfter = Stopwatch.GetElapsedTime(acknowledged).TotalMilliseconds;
        lock (latencies)
        {
            latencies.Add(visibleAfter);
        }
    }
}
