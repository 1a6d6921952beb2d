using System.Diagnostics;
using KafkaRooms.Rooms.Redis;
using KafkaRooms.Testing;

namespace KafkaRooms.Bench;

/// <summary>
/// (7) The change feed (docs/change-feed.md): what it costs the Worker (one Worker process
/// draining the same pre-filled topic with RoomState:ChangeFeedMaxLength=0 and with the
/// default), and what fanning it out costs the read API (N Server-Sent Events clients of one
/// app: changes delivered per second and ReadApi CPU per delivered change).
/// </summary>
internal static class FeedBench
{
    public sealed record WorkerResult(double WithFeed, double WithoutFeed, string CpuWithFeed, string CpuWithoutFeed);

    public sealed record FanOutResult(int Clients, long Changes, double DeliveredPerSecond, double ReadApiCpuMicrosPerDelivery, string Cpu);

    /// <summary>Feed off, on, off, on, each on a fresh Redis and a new consumer group: the faster run of each.</summary>
    public static async Task<WorkerResult> RunWorkerWithAndWithoutFeedAsync(BenchEnvironment environment, string topic, int events)
    {
        WorkerBench.Run? on = null, off = null;
        for (var round = 0; round < 2; round++)
        {
            var without = await WorkerBench.RunWorkersAsync(environment, environment.SingleRedis, topic, events, 1,
                new Dictionary<string, string> { ["RoomState__ChangeFeedMaxLength"] = "0" });
            var with = await WorkerBench.RunWorkersAsync(environment, environment.SingleRedis, topic, events, 1);
            off = off is null || without.PerSecond > off.PerSecond ? without : off;
            on = on is null || with.PerSecond > on.PerSecond ? with : on;
        }

        return new WorkerResult(on!.PerSecond, off!.PerSecond, on.Cpu, off.Cpu);
    }

    /// <summary>
    /// N clients of GET /v1/apps/1/changes on one ReadApi process; the store writes the workload;
    /// the clock runs from the first write until every client has every change.
    /// </summary>
    public static async Task<FanOutResult> RunFanOutAsync(BenchEnvironment environment, int clients, int events)
    {
        await environment.FlushRedisAsync();
        var settings = environment.ServiceEnvironment("unused");
        settings["ReadApi__MaxFeedClients"] = $"{clients}";
        await using var readApi = await ServiceProcess.StartAsync(environment.Program("ReadApi"), "readapi", settings);
        using var http = new HttpClient { BaseAddress = readApi.Url, Timeout = Timeout.InfiniteTimeSpan };
        using var stop = new CancellationTokenSource();
        var counts = new long[clients];
        var opened = new TaskCompletionSource[clients];
        var readers = new Task[clients];
        for (var i = 0; i < clients; i++)
        {
            opened[i] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            readers[i] = CountChangesAsync(http, counts, i, opened[i], stop.Token);
        }

        await Task.WhenAll(opened.Select(o => o.Task)).WaitAsync(TimeSpan.FromMinutes(1));
        var workload = BenchWorkload.Generate(Math.Max(1, events / 10), events, seed: 7);
        var store = environment.NewStore();
        var cpu = CpuMeter.Start(new()
        {
            ["readapi"] = [readApi.Id],
            ["redis-server"] = [await environment.RedisProcessIdAsync()],
            ["store + clients"] = [BenchEnvironment.BenchProcessId],
        });
        var clock = Stopwatch.StartNew();
        for (var start = 0; start < workload.Count; start += StoreBench.BatchSize)
        {
            await store.ApplyBatchAsync(workload.GetRange(start, Math.Min(StoreBench.BatchSize, workload.Count - start)));
        }

        var changes = await FeedLengthAsync(environment);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (Enumerable.Range(0, clients).Any(i => Volatile.Read(ref counts[i]) < changes))
        {
            if (DateTime.UtcNow > deadline || readers.Any(r => r.IsCompleted))
            {
                throw new TimeoutException($"the SSE clients did not all get {changes} changes: {string.Join(", ", counts)}");
            }

            await Task.Delay(10);
        }

        var elapsed = clock.Elapsed;
        var readApiCpu = cpu.CpuSeconds("readapi");
        var report = cpu.Report();
        await stop.CancelAsync();
        await Task.WhenAll(readers.Select(r => r.ContinueWith(_ => { }, TaskScheduler.Default)));
        var delivered = changes * clients;
        return new FanOutResult(clients, changes, delivered / elapsed.TotalSeconds, readApiCpu * 1e6 / delivered, report);
    }

    // One client: counts the events (lines "event: ...") of its stream until stopped.
    private static async Task CountChangesAsync(HttpClient http, long[] counts, int client, TaskCompletionSource opened, CancellationToken stop)
    {
        StreamReader reader;
        try
        {
            var response = await http.GetAsync("v1/apps/1/changes", HttpCompletionOption.ResponseHeadersRead, stop);
            response.EnsureSuccessStatusCode();
            reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop));
        }
        catch (Exception ex)
        {
            opened.TrySetException(ex);
            throw;
        }

        using var _ = reader;
        opened.TrySetResult();
        while (await reader.ReadLineAsync(stop) is { } line)
        {
            if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref counts[client]);
            }
        }
    }

    // Changes appended to app 1's streams (a fresh Redis, fewer than a stream keeps: none trimmed).
    private static async Task<long> FeedLengthAsync(BenchEnvironment environment)
    {
        var keys = new RoomKeySchema(new RoomStateOptions().KeyPrefix, new RoomStateOptions().BucketCount);
        var db = environment.Redis.GetDatabase();
        var lengths = await Task.WhenAll(Enumerable.Range(0, keys.BucketCount).Select(bucket => db.StreamLengthAsync(keys.Changes(1, bucket))));
        return lengths.Sum();
    }
}
