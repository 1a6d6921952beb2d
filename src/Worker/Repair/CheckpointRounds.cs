using KafkaRooms.Rooms.Redis.Checkpoints;

namespace KafkaRooms.Worker.Repair;

/// <summary>One primary's checkpoints as read for some partitions (offsets in their order).</summary>
internal sealed record ShardReading(int Shard, string RunId, IReadOnlyList<long?> Offsets);

/// <summary>
/// One primary's answer to a checkpoint write: refused (<paramref name="Written"/> false) when it
/// restarted since <paramref name="ExpectedRunId"/> or lost a checkpoint this Worker saw there;
/// <paramref name="Previous"/> holds what it has (docs/rules.md §7).
/// </summary>
internal sealed record ShardWriting(int Shard, string? ExpectedRunId, string RunId, bool Written, IReadOnlyList<long?> Previous)
{
    public bool Restarted => ExpectedRunId is not null && ExpectedRunId != RunId;
}

/// <summary>
/// Reads and writes the checkpoints of every Redis primary (Rooms' <see cref="CheckpointStore"/>),
/// and remembers what this Worker last saw there: each primary's run_id, and each partition's
/// checkpoint on it, so a write notices a restart or a lost checkpoint. The Redis calls run on the
/// thread pool; everything else is called from the poll thread, which alone updates the memory.
/// </summary>
internal sealed class CheckpointRounds(Func<CheckpointStore> resolve, string topic)
{
    // PublicationOnly: a store that could not be resolved (Redis not up yet) is tried again next round.
    private readonly Lazy<CheckpointStore> _store = new(resolve, LazyThreadSafetyMode.PublicationOnly);
    private readonly Dictionary<int, string> _runIds = [];
    private readonly Dictionary<(int Shard, int Partition), long?> _seen = [];
    private volatile CheckpointLayout? _layout;

    /// <summary>The primaries as the last round found them; null before the first round.</summary>
    public CheckpointLayout? Layout => _layout;

    public IEnumerable<int> Shards => _layout?.Shards.Select(s => s.Number) ?? [];

    public Task<ShardReading[]> ReadAsync(string clusterId, IReadOnlyList<int> partitions) => Task.Run(async () =>
    {
        var (store, layout) = Discover();
        var fields = partitions.Select(p => CheckpointStore.Field(topic, p)).ToList();
        return await Task.WhenAll(layout.Shards.Select(async shard =>
        {
            var reading = await store.ReadAsync(shard, clusterId, fields).ConfigureAwait(false);
            return new ShardReading(shard.Number, reading.RunId, reading.Offsets);
        })).ConfigureAwait(false);
    });

    /// <summary>Writes each partition's offset to every primary, expecting what this Worker saw there.</summary>
    public Task<ShardWriting[]> WriteAsync(string clusterId, IReadOnlyList<(int Partition, long Offset)> positions)
    {
        // Taken on the poll thread: the memory changes only there.
        var runIds = new Dictionary<int, string>(_runIds);
        var seen = new Dictionary<(int Shard, int Partition), long?>(_seen);
        return Task.Run(async () =>
        {
            var (store, layout) = Discover();
            return await Task.WhenAll(layout.Shards.Select(async shard =>
            {
                var expected = runIds.GetValueOrDefault(shard.Number);
                var entries = positions
                    .Select(p => new CheckpointEntry(CheckpointStore.Field(topic, p.Partition), seen.GetValueOrDefault((shard.Number, p.Partition)), p.Offset))
                    .ToList();
                var writing = await store.WriteAsync(shard, clusterId, expected, entries).ConfigureAwait(false);
                return new ShardWriting(shard.Number, expected, writing.RunId, writing.Written, writing.Previous);
            })).ConfigureAwait(false);
        });
    }

    /// <summary>A primary's run_id becomes the baseline when this Worker has none yet (no write compared it before).</summary>
    public void Learn(ShardReading reading, IReadOnlyList<int> partitions)
    {
        _runIds.TryAdd(reading.Shard, reading.RunId);
        for (var i = 0; i < partitions.Count; i++)
        {
            _seen[(reading.Shard, partitions[i])] = reading.Offsets[i];
        }
    }

    /// <summary>After a write: what the primary now holds (what was written, or what it had when it refused).</summary>
    public void Learn(ShardWriting writing, IReadOnlyList<(int Partition, long Offset)> positions)
    {
        _runIds[writing.Shard] = writing.RunId;
        for (var i = 0; i < positions.Count; i++)
        {
            _seen[(writing.Shard, positions[i].Partition)] = writing.Written ? positions[i].Offset : writing.Previous[i];
        }
    }

    public void Forget(int partition)
    {
        foreach (var key in _seen.Keys.Where(k => k.Partition == partition).ToList())
        {
            _seen.Remove(key);
        }
    }

    private (CheckpointStore Store, CheckpointLayout Layout) Discover()
    {
        var store = _store.Value;
        var layout = store.Layout();
        _layout = layout;
        return (store, layout);
    }
}
