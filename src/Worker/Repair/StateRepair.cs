using System.Diagnostics;
using Confluent.Kafka;
using KafkaRooms.Rooms.Redis;
using KafkaRooms.Worker.Consuming;
using KafkaRooms.Worker.Telemetry;

namespace KafkaRooms.Worker.Repair;

/// <summary>
/// The poll thread's side of checkpoints and repair (docs/rules.md §7, docs/worker.md "Repair"):
/// an assigned partition stays paused until its checkpoints are compared with the group's committed
/// offset (<see cref="CheckpointReads"/>); every commit interval the applied offsets are written as
/// checkpoints to every primary, and only then stored for commit (<see cref="CheckpointWrites"/>);
/// a primary that restarted or lost a checkpoint gets the affected partitions sought back
/// (<see cref="OwnedPartitions"/>) and re-applied, its buckets' events only (<see cref="Filter"/>).
/// Used only from the poll thread.
/// </summary>
internal sealed class StateRepair
{
    private readonly CheckpointRounds _rounds;
    private readonly KafkaClusterIdSource _cluster;
    private readonly RoomKeySchema _keys;
    private readonly WorkerMetrics _metrics;
    private readonly OwnedPartitions _partitions;
    private readonly CheckpointReads _reads;
    private readonly CheckpointWrites _writes;

    public StateRepair(
        CheckpointRounds rounds,
        KafkaClusterIdSource cluster,
        RoomKeySchema keys,
        WorkerOptions options,
        WorkerMetrics metrics,
        ILogger logger)
    {
        _rounds = rounds;
        _cluster = cluster;
        _keys = keys;
        _metrics = metrics;
        _partitions = new OwnedPartitions(metrics, logger);
        _reads = new CheckpointReads(rounds, _partitions, metrics, logger);
        _writes = new CheckpointWrites(rounds, _partitions, options, metrics, logger);
    }

    /// <summary>Forgets what is in flight for a partition sought back (tracking, carried-over messages).</summary>
    public void OnRestart(Action<TopicPartition> restart) => _partitions.OnRestart(restart);

    public void Start(CancellationToken stopping) => _cluster.Start(stopping);

    public void Assigned(IEnumerable<TopicPartition> partitions) => _partitions.Add(partitions);

    public void Removed(IEnumerable<TopicPartition> partitions)
    {
        foreach (var partition in partitions)
        {
            _partitions.Remove(partition);
            _rounds.Forget(partition.Partition.Value);
        }

        _partitions.CountRepairs();
    }

    /// <summary>
    /// A delivered message of a partition that is not consumed yet (held or being sought): dropped,
    /// and the first one of a held partition marks where it resumes. Returns whether it was dropped.
    /// </summary>
    public bool Drops(ConsumeResult<byte[]?, byte[]?> message)
    {
        if (!_partitions.TryGet(message.TopicPartition, out var state) || state.Phase == PartitionPhase.Active)
        {
            return false;
        }

        if (state.Phase == PartitionPhase.Held)
        {
            state.HeldFrom ??= message.Offset.Value;
        }

        return true;
    }

    /// <summary>The partitions flow control may resume (held and seeking ones stay paused).</summary>
    public IEnumerable<TopicPartition> Resumable(IEnumerable<TopicPartition> assignment) =>
        assignment.Where(p => !_partitions.TryGet(p, out var state) || state.Phase == PartitionPhase.Active);

    /// <summary>Everything of <paramref name="partition"/> below <paramref name="position"/> is applied on every primary.</summary>
    public void Applied(TopicPartition partition, long position)
    {
        if (!_partitions.TryGet(partition, out var state) || state.Phase != PartitionPhase.Active)
        {
            return;
        }

        state.Applied = position;
        if (state.Plan is { } plan && position >= plan.To)
        {
            state.Plan = null;
            _partitions.CountRepairs();
        }
    }

    /// <summary>
    /// Leaves out of a batch what a repair need not apply again: events whose shard holds them
    /// already, and rejects that were dead-lettered before. Their offsets still complete with the batch.
    /// </summary>
    public DecodedBatch Filter(DecodedBatch batch)
    {
        if (_partitions.Repairing == 0)
        {
            return batch;
        }

        var kept = new DecodedBatch();
        var reapplied = 0;
        for (var i = 0; i < batch.Events.Count; i++)
        {
            var source = batch.EventSources[i];
            var plan = PlanOf(source);
            var roomEvent = batch.Events[i];
            if (plan is not null && !plan.Applies(source.Offset.Value, ShardOf(roomEvent.AppId, roomEvent.RoomId)))
            {
                continue;
            }

            reapplied += plan is not null && source.Offset.Value < plan.To ? 1 : 0;
            kept.Events.Add(roomEvent);
            kept.EventSources.Add(source);
        }

        kept.Rejected.AddRange(batch.Rejected.Where(r => PlanOf(r.Source) is not { } plan || r.Source.Offset.Value >= plan.To));
        _metrics.RepairMessages(reapplied);
        return kept;
    }

    /// <summary>
    /// One step of the poll loop: pauses newly assigned partitions, retries seeks, finishes and
    /// starts checkpoint reads and writes. Returns the offsets now covered by checkpoints on every
    /// primary, to be stored for commit.
    /// </summary>
    public IReadOnlyList<TopicPartitionOffset> Step(IConsumer<byte[]?, byte[]?> consumer)
    {
        _partitions.Step(consumer);
        _reads.FinishIfDone(consumer);
        var store = _writes.FinishIfDone(consumer);
        if (_cluster.Id is { } clusterId)
        {
            var now = Stopwatch.GetTimestamp();
            _reads.StartIfDue(consumer, clusterId, now);
            _writes.StartIfDue(clusterId, now);
        }

        return store;
    }

    /// <inheritdoc cref="CheckpointWrites.Flush"/>
    public List<TopicPartitionOffset> Flush(IEnumerable<TopicPartition> partitions, TimeSpan timeout) =>
        _writes.Flush(partitions, _cluster.Id, timeout);

    private RepairPlan? PlanOf(ConsumeResult<byte[]?, byte[]?> message) =>
        _partitions.TryGet(message.TopicPartition, out var state) ? state.Plan : null;

    private int? ShardOf(uint appId, string roomId) =>
        _rounds.Layout?.ShardOf(_keys.Rooms(appId, _keys.Bucket(appId, roomId)))?.Number;
}
