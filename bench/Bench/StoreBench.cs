using System.Diagnostics;
using KafkaRooms.Rooms.Redis;
using Microsoft.Extensions.Options;

namespace KafkaRooms.Bench;

/// <summary>
/// (2) The store's batch apply, in batches the size the worker uses, with the change feed on and
/// off: events/s, and the CPU per event of redis-server and of this process (the store's client work).
/// </summary>
internal static class StoreBench
{
    public const int BatchSize = 5_000;

    public sealed record Result(double PerSecond, double RedisCpuMicrosPerEvent, double ClientCpuMicrosPerEvent, int Events, string Mix);

    /// <summary>Feed off, on, off, on: the faster run of each, so neither pays for going first.</summary>
    public static async Task<(Result WithFeed, Result WithoutFeed)> RunWithAndWithoutFeedAsync(BenchEnvironment environment)
    {
        Result? withFeed = null, withoutFeed = null;
        for (var round = 0; round < 2; round++)
        {
            var off = await RunAsync(environment, changeFeed: false);
            var on = await RunAsync(environment, changeFeed: true);
            withoutFeed = withoutFeed is null || off.PerSecond > withoutFeed.PerSecond ? off : withoutFeed;
            withFeed = withFeed is null || on.PerSecond > withFeed.PerSecond ? on : withFeed;
        }

        return (withFeed!, withoutFeed!);
    }

    private static async Task<Result> RunAsync(BenchEnvironment environment, bool changeFeed)
    {
        await environment.FlushRedisAsync();
        var events = BenchWorkload.Generate(environment.Options.StoreEvents / 10, environment.Options.StoreEvents, seed: 2);
        var options = new RoomStateOptions();
        if (!changeFeed)
        {
            options.ChangeFeedMaxLength = 0;
        }

        var store = new RoomStore(environment.Redis, Options.Create(options), TimeProvider.System);
        // Warm up: scripts loaded, connection busy, JIT done.
        await store.ApplyBatchAsync(events.GetRange(0, Math.Min(BatchSize, events.Count)));
        await environment.FlushRedisAsync();

        var cpu = CpuMeter.Start(new()
        {
            ["redis-server"] = [await environment.RedisProcessIdAsync()],
            ["store"] = [BenchEnvironment.BenchProcessId],
        });
        var clock = Stopwatch.StartNew();
        for (var start = 0; start < events.Count; start += BatchSize)
        {
            await store.ApplyBatchAsync(events.GetRange(start, Math.Min(BatchSize, events.Count - start)));
        }

        clock.Stop();
        return new Result(
            events.Count / clock.Elapsed.TotalSeconds,
            cpu.CpuSeconds("redis-server") * 1e6 / events.Count,
            cpu.CpuSeconds("store") * 1e6 / events.Count,
            events.Count,
            BenchWorkload.Describe(events));
    }
}
