using System.Diagnostics;
using Confluent.Kafka;
using KafkaRooms.Worker.Telemetry;

namespace KafkaRooms.Worker.Repair;

/// <summary>
/// The checkpoint reads of held partitions (docs/rules.md §7): the group's committed offset of each
/// against the checkpoint of every primary; a primary whose checkpoint is missing or below it lost
/// writes the group counts as applied, and the partition is sought back to repair that primary's
/// buckets. A partition whose checkpoints are whole is consumed from where it was. One read at a
/// time, retried after <see cref="ReadTimeout"/>. Used only from the poll thread.
/// </summary>
internal sealed class CheckpointReads(CheckpointRounds rounds, OwnedPartitions partitions, WorkerMetrics metrics, ILogger logger)
{
    /// <summary>Reads of the group's committed offsets and the checkpoints are bounded by this, and retried after it.</summary>
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(5);

    private Task<ShardReading[]>? _reading;
    private List<(TopicPartition Partition, long? Committed, int Generation)> _read = [];
    private long _nextRead;

    /// <summary>Acts on a read that has finished.</summary>
    public void FinishIfDone(IConsumer<byte[]?, byte[]?> consumer)
    {
        if (_reading is { IsCompleted: true })
        {
            Finish(consumer);
        }
    }

    /// <summary>Starts a read when partitions are held and none is running (nor failed within the timeout).</summary>
    public void StartIfDue(IConsumer<byte[]?, byte[]?> consumer, string clusterId, long now)
    {
        if (_reading is not null || now < _nextRead || !partitions.Any(PartitionPhase.Held))
        {
            return;
        }

        _nextRead = now + (long)(ReadTimeout.TotalSeconds * Stopwatch.Frequency);
        var held = partitions.In(PartitionPhase.Held);
        List<TopicPartitionOffset> committed;
        try
        {
            committed = consumer.Committed(held.Select(p => p.Key), ReadTimeout);
        }
        catch (KafkaException ex)
        {
            WorkerLog.TransientKafkaError(logger, ex.Error.Code, ex.Error.Reason);
            return;
        }

        _read = [.. held.Select(p => (p.Key, Committed(committed, p.Key), p.Value.Generation))];
        _reading = rounds.ReadAsync(clusterId, [.. _read.Select(r => r.Partition.Partition.Value)]);
    }

    private static long? Committed(List<TopicPartitionOffset> committed, TopicPartition partition) =>
        committed.FirstOrDefault(c => c.TopicPartition == partition)?.Offset is { IsSpecial: false } offset ? offset.Value : null;

    private void Finish(IConsumer<byte[]?, byte[]?> consumer)
    {
        var reading = _reading!;
        _reading = null;
        if (!reading.IsCompletedSuccessfully)
        {
            metrics.CheckpointFailed();
            WorkerLog.CheckpointReadFailed(logger, reading.Exception?.InnerException ?? new OperationCanceledException());
            return;
        }

        var shards = reading.Result;
        var numbers = _read.Select(r => r.Partition.Partition.Value).ToList();
        foreach (var shard in shards)
        {
            rounds.Learn(shard, numbers);
        }

        for (var i = 0; i < _read.Count; i++)
        {
            var (partition, committed, generation) = _read[i];
            if (!partitions.TryGet(partition, out var state) || state.Phase != PartitionPhase.Held || state.Generation != generation)
            {
                continue;
            }

            var start = committed ?? 0;
            state.Applied = state.Stored = start;
            var damaged = committed is { } k
                ? shards.Where(s => s.Offsets[i] is not { } c || c < k).ToDictionary(s => s.Shard, s => s.Offsets[i])
                : [];
            if (damaged.Count > 0 && RepairPlan.After(shards.Select(s => s.Shard), null, start, damaged) is { } plan)
            {
                var reason = damaged.Values.Any(c => c is null) ? RepairReasons.CheckpointMissing : RepairReasons.CheckpointBehind;
                partitions.Repair(consumer, partition, state, plan, reason, damaged.Keys);
            }
            else if (state.HeldFrom is { } from)
            {
                partitions.SeekTo(consumer, partition, state, from);
            }
            else
            {
                partitions.Activate(consumer, partition, state);
            }
        }
    }
}
