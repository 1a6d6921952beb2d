using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using KafkaRooms.RoomHistories;
using KafkaRooms.Rooms.Contract;

namespace KafkaRooms.LoadGenerator;

/// <summary>
/// Sends a random valid history (docs/rules.md §6) over the configured number of rooms,
/// shuffled and with duplicates, at a target rate; then checks the read API against the truth.
/// </summary>
internal sealed class LoadRun(LoadOptions options, IngestClient client, TextWriter output)
{
    private readonly LatencyRecorder _latencies = new();
    private readonly ConcurrentDictionary<int, int> _byStatus = new();
    private long _sent;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var random = new Random(options.Seed);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        // Histories span about two minutes; end them in the past so no event lies in the future.
        var history = RoomHistoryGenerator.Generate(random, now - 180_000,
            new HistorySizes(Apps: 1, RoomsPerApp: options.Rooms, MaxLifecyclesPerRoom: 3, MaxUsersPerLifecycle: 6));
        var retagging = new RoomRetagging($"lg{options.Seed:x}-{Guid.NewGuid().ToString("N")[..6]}/");
        var delivery = history.Delivery(random, options.Duplicates)
            .Select(e => retagging.Apply(e) with { AppId = options.AppId })
            .ToList();
        var truth = retagging.Apply(history.Truth).ToDictionary(t => t.Key with { AppId = options.AppId }, t => t.Value);
        output.WriteLine($"load: {delivery.Count} callbacks ({history.Events.Count} distinct) over {options.Rooms} rooms, " +
            $"rate {options.Rate}/s, concurrency {options.Concurrency}, seed {options.Seed}, run tag {retagging.Tag}");

        var elapsed = await SendAllAsync(delivery, cancellationToken);
        var failures = PrintSummary(elapsed);
        if (!options.Verify)
        {
            return failures == 0 ? 0 : 1;
        }

        var differences = await SettleAsync(truth, retagging.Tag, cancellationToken);
        if (differences.Count == 0)
        {
            output.WriteLine($"verify: OK, {truth.Count} open rooms and {truth.Values.Sum(t => t.OnlineUsers.Count)} online users match the truth");
            return failures == 0 ? 0 : 1;
        }

        output.WriteLine($"verify: MISMATCH ({differences.Count} shown)");
        foreach (var difference in differences)
        {
            output.WriteLine("  " + difference);
        }

        return 2;
    }

    private async Task<TimeSpan> SendAllAsync(List<RoomEvent> delivery, CancellationToken cancellationToken)
    {
        var queue = Channel.CreateBounded<RoomEvent>(options.Concurrency * 4);
        var started = Stopwatch.StartNew();
        var senders = Enumerable.Range(0, options.Concurrency).Select(_ => Task.Run(async () =>
        {
            await foreach (var e in queue.Reader.ReadAllAsync(cancellationToken))
            {
                var (status, latency) = await client.SendAsync(e, cancellationToken);
                _byStatus.AddOrUpdate(status, 1, (_, n) => n + 1);
                _latencies.Record(latency);
            }
        }, cancellationToken)).ToArray();

        using var progress = new Timer(_ => output.WriteLine(
            $"  {started.Elapsed.TotalSeconds,6:F1}s sent {Interlocked.Read(ref _sent)}/{delivery.Count}, answered {_latencies.Count}, " +
            $"2xx {_byStatus.Where(s => s.Key is >= 200 and < 300).Sum(s => s.Value)}"), null, 1000, 1000);

        // Pace by schedule rather than by sleeping per request, so the rate holds at any latency.
        for (var i = 0; i < delivery.Count; i++)
        {
            var due = TimeSpan.FromSeconds(i / options.Rate);
            if (due > started.Elapsed)
            {
                await Task.Delay(due - started.Elapsed, cancellationToken);
            }

            await queue.Writer.WriteAsync(delivery[i], cancellationToken);
            Interlocked.Increment(ref _sent);
        }

        queue.Writer.Complete();
        await Task.WhenAll(senders);
        return started.Elapsed;
    }

    private int PrintSummary(TimeSpan elapsed)
    {
        var ok = _byStatus.Where(s => s.Key is >= 200 and < 300).Sum(s => s.Value);
        var failed = _byStatus.Where(s => s.Key is < 200 or >= 300).OrderBy(s => s.Key).ToList();
        output.WriteLine($"sent: {_sent} in {elapsed.TotalSeconds:F1}s ({_sent / elapsed.TotalSeconds:F0}/s), 2xx: {ok}, " +
            $"non-2xx: {(failed.Count == 0 ? "none" : string.Join(", ", failed.Select(f => $"{(f.Key == 0 ? "no answer" : f.Key)}: {f.Value}")))}");
        output.WriteLine($"latency ms: p50 {_latencies.Percentile(50):F2}, p95 {_latencies.Percentile(95):F2}, p99 {_latencies.Percentile(99):F2}");
        return failed.Sum(f => f.Value);
    }

    /// <summary>Waits for the worker to catch up: the state must equal the truth before the settle timeout.</summary>
    private async Task<List<string>> SettleAsync(Dictionary<RoomKey, RoomTruth> truth, string tag, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + options.SettleTimeout;
        while (true)
        {
            var state = await client.ReadStateAsync(options.AppId, tag, cancellationToken);
            var differences = TruthDiff.Compare(truth, state);
            if (differences.Count == 0 || DateTime.UtcNow > deadline)
            {
                return differences;
            }

            await Task.Delay(500, cancellationToken);
        }
    }
}
