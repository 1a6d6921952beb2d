using System.Diagnostics;

namespace KafkaRooms.Bench;

/// <summary>(2) The store's batch apply, in batches the size the worker uses, many calls in flight.</summary>
internal static class StoreBench
{
    public const int BatchSize = 5_000;

    public static async Task<(double PerSecond, int Events, string Mix)> RunAsync(BenchEnvironment environment)
    {
        await environment.FlushRedisAsync();
        var events = BenchWorkload.Generate(environment.Options.StoreEvents / 10, environment.Options.StoreEvents, seed: 2);
        var store = environment.NewStore();
        // Warm up: scripts loaded, connection busy, JIT done.
        await store.ApplyBatchAsync(events.GetRange(0, Math.Min(BatchSize, events.Count)));
        await environment.FlushRedisAsync();

        var clock = Stopwatch.StartNew();
        for (var start = 0; start < events.Count; start += BatchSize)
        {
            await store.ApplyBatchAsync(events.GetRange(start, Math.Min(BatchSize, events.Count - start)));
        }

        clock.Stop();
        return (events.Count / clock.Elapsed.TotalSeconds, events.Count, BenchWorkload.Describe(events));
    }
}
