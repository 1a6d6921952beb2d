using System.Diagnostics;
using Confluent.Kafka;
using KafkaRooms.Worker.Telemetry;

namespace KafkaRooms.Worker.Repair;

/// <summary>
/// The checkpoint writes of active partitions (docs/rules.md §7): every commit interval the
/// applied offsets go to every primary, and only offsets a write covered on all of them are
/// stored for commit. A primary that restarted or lost a checkpoint gets the partitions sought
/// back to what it lacks. Used only from the poll thread.
/// </summary>
internal sealed class CheckpointWrites(
    CheckpointRounds rounds, OwnedPartitions partitions, WorkerOptions options, WorkerMetrics metrics, ILogger logger)
{
    private Task<ShardWriting[]>? _writing;
    private List<(TopicPartition Partition, long Applied, int Generation)> _written = [];
    private long _nextWrite;
    private bool _writeFailing;

    /// <summary>
    /// Acts on a write that has finished; returns the offsets it covered on every primary, to be
    /// stored (nothing, without allocating, on the loop's other steps).
    /// </summary>
    public IReadOnlyList<TopicPartitionOffset> FinishIfDone(IConsumer<byte[]?, byte[]?> consumer) =>
        _writing is { IsCompleted: true } ? Finish(consumer) : Array.Empty<TopicPartitionOffset>();

    /// <summary>Starts a write once per commit interval while partitions are active and none is running.</summary>
    public void StartIfDue(string clusterId, long now)
    {
        if (_writing is not null || now < _nextWrite || !partitions.Any(PartitionPhase.Active))
        {
            return;
        }

        _nextWrite = now + (long)(options.CommitInterval.TotalSeconds * Stopwatch.Frequency);
        _written = [.. partitions.In(PartitionPhase.Active).Select(p => (p.Key, p.Value.Applied, p.Value.Generation))];
        _writing = rounds.WriteAsync(clusterId, [.. _written.Select(w => (w.Partition.Partition.Value, w.Applied))]);
    }

    /// <summary>
    /// Revocation (and shutdown): writes the checkpoints of <paramref name="owned"/> within
    /// <paramref name="timeout"/> and returns what may be committed for them: what the checkpoints
    /// now cover, or what was stored before when the write did not succeed (or without a cluster id).
    /// </summary>
    public List<TopicPartitionOffset> Flush(IEnumerable<TopicPartition> owned, string? clusterId, TimeSpan timeout)
    {
        var active = owned
            .Select(p => (Partition: p, State: partitions.Find(p)))
            .Where(p => p.State is { Phase: PartitionPhase.Active })
            .Select(p => (p.Partition, p.State!.Applied, p.State.Stored))
            .ToList();
        var commit = active.Where(p => p.Stored > 0).Select(p => new TopicPartitionOffset(p.Partition, p.Stored)).ToList();
        if (active.Count == 0 || clusterId is null)
        {
            return commit;
        }

        var positions = active.Select(p => (p.Partition.Partition.Value, p.Applied)).ToList();
        var writing = rounds.WriteAsync(clusterId, positions);
        try
        {
            if (!writing.Wait(timeout))
            {
                WorkerLog.CheckpointWriteFailed(logger, new TimeoutException($"no answer within {timeout}"));
                return commit;
            }
        }
        catch (AggregateException ex)
        {
            WorkerLog.CheckpointWriteFailed(logger, ex.InnerException ?? ex);
            return commit;
        }

        foreach (var shard in writing.Result)
        {
            rounds.Learn(shard, positions);
        }

        return writing.Result.All(s => s.Written)
            ? [.. active.Select(p => new TopicPartitionOffset(p.Partition, p.Applied))]
            : commit;
    }

    private List<TopicPartitionOffset> Finish(IConsumer<byte[]?, byte[]?> consumer)
    {
        var writing = _writing!;
        _writing = null;
        if (!writing.IsCompletedSuccessfully)
        {
            metrics.CheckpointFailed();
            if (!_writeFailing)
            {
                WorkerLog.CheckpointWriteFailed(logger, writing.Exception?.InnerException ?? new OperationCanceledException());
            }

            _writeFailing = true;
            return [];
        }

        _writeFailing = false;
        var positions = _written.Select(w => (w.Partition.Partition.Value, w.Applied)).ToList();
        var damaged = new Dictionary<TopicPartition, Dictionary<int, long?>>();
        var reasons = new Dictionary<TopicPartition, string>();
        foreach (var shard in writing.Result)
        {
            rounds.Learn(shard, positions);
            if (shard.Written)
            {
                continue;
            }

            for (var i = 0; i < _written.Count; i++)
            {
                var partition = _written[i].Partition;
                damaged.TryAdd(partition, []);
                damaged[partition][shard.Shard] = shard.Previous[i];
                reasons.TryAdd(partition, shard.Restarted ? RepairReasons.RedisRestarted : RepairReasons.CheckpointLost);
            }
        }

        var store = new List<TopicPartitionOffset>();
        foreach (var (partition, applied, generation) in _written)
        {
            if (!partitions.TryGet(partition, out var state) || state.Phase != PartitionPhase.Active || state.Generation != generation)
            {
                continue;
            }

            if (damaged.TryGetValue(partition, out var lost))
            {
                if (RepairPlan.After(rounds.Shards, state.Plan, state.Applied, lost) is { } plan)
                {
                    partitions.Repair(consumer, partition, state, plan, reasons[partition], lost.Keys);
                }
            }
            else if (applied > state.Stored)
            {
                state.Stored = applied;
                store.Add(new TopicPartitionOffset(partition, applied));
            }
        }

        return store;
    }
}
