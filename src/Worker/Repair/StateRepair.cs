using System.Diagnostics;
using Confluent.Kafka;
using KafkaRooms.Rooms.Redis;
using KafkaRooms.Worker.Consuming;
using KafkaRooms.Worker.Telemetry;

namespace KafkaRooms.Worker.Repair;

/// <summary>
/// The poll thread's side of checkpoints and repair (docs/rules.md §7, docs/worker.md "Repair"):
/// an assigned partition stays paused until its checkpoints are compared with the group's committed
/// offset; every commit interval the applied offsets are written as checkpoints to every primary,
/// and only then stored for commit; a primary that restarted or lost a checkpoint gets the affected
/// partitions sought back and re-applied (its buckets' events only). Used only from the poll thread.
/// </summary>
internal sealed class StateRepair(
    CheckpointRounds rounds,
    KafkaClusterIdSource cluster,
    RoomKeySchema keys,
    WorkerOptions options,
    WorkerMetrics metrics,
    ILogger logger)
{
    private const long Beginning = -2;

    /// <summary>Reads of the group's committed offsets and the checkpoints are bounded by this, and retried after it.</summary>
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(5);

    private readonly Dictionary<TopicPartition, PartitionState> _partitions = [];
    private readonly List<TopicPartition> _toPause = [];
    private Action<TopicPartition> _restart = _ => { };
    private Task<ShardReading[]>? _reading;
    // Partitions with a repair plan: Filter, once per batch, skips its work while there are none.
    private int _repairing;

    private List<(TopicPartition Partition, long? Committed, int Generation)> _read = [];
    private Task<ShardWriting[]>? _writing;
    private List<(TopicPartition Partition, long Applied, int Generation)> _written = [];
    private long _nextRead;
    private long _nextWrite;
    private bool _writeFailing;

    /// <summary>Forgets what is in flight for a partition sought back (tracking, carried-over messages).</summary>
    public void OnRestart(Action<TopicPartition> restart) => _restart = restart;

    public void Start(CancellationToken stopping) => cluster.Start(stopping);

    public void Assigned(IEnumerable<TopicPartition> partitions)
    {
        foreach (var partition in partitions)
        {
            _partitions[partition] = new PartitionState();
            _toPause.Add(partition);
        }

        CountRepairs();
    }

    public void Removed(IEnumerable<TopicPartition> partitions)
    {
        foreach (var partition in partitions)
        {
            _partitions.Remove(partition);
            _toPause.Remove(partition);
            rounds.Forget(partition.Partition.Value);
        }

        CountRepairs();
    }

    /// <summary>
    /// A delivered message of a partition that is not consumed yet (held or being sought): dropped,
    /// and the first one of a held partition marks where it resumes. Returns whether it was dropped.
    /// </summary>
    public bool Drops(ConsumeResult<byte[]?, byte[]?> message)
    {
        if (!_partitions.TryGetValue(message.TopicPartition, out var state) || state.Phase == PartitionPhase.Active)
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
        assignment.Where(p => !_partitions.TryGetValue(p, out var state) || state.Phase == PartitionPhase.Active);

    /// <summary>Everything of <paramref name="partition"/> below <paramref name="position"/> is applied on every primary.</summary>
    public void Applied(TopicPartition partition, long position)
    {
        if (!_partitions.TryGetValue(partition, out var state) || state.Phase != PartitionPhase.Active)
        {
            return;
        }

        state.Applied = position;
        if (state.Plan is { } plan && position >= plan.To)
        {
            state.Plan = null;
            CountRepairs();
        }
    }

    /// <summary>
    /// Leaves out of a batch what a repair need not apply again: events whose shard holds them
    /// already, and rejects that were dead-lettered before. Their offsets still complete with the batch.
    /// </summary>
    public DecodedBatch Filter(DecodedBatch batch)
    {
        if (_repairing == 0)
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
        metrics.RepairMessages(reapplied);
        return kept;
    }

    /// <summary>
    /// One step of the poll loop: pauses newly assigned partitions, finishes and starts checkpoint
    /// reads and writes, retries seeks. Returns the offsets now covered by checkpoints on every
    /// primary, to be stored for commit.
    /// </summary>
    public List<TopicPartitionOffset> Step(IConsumer<byte[]?, byte[]?> consumer)
    {
        PauseNew(consumer);
        foreach (var (partition, state) in _partitions.Where(p => p.Value.Phase == PartitionPhase.Seeking).ToList())
        {
            TrySeek(consumer, partition, state);
        }

        if (_reading is { IsCompleted: true })
        {
            FinishRead(consumer);
        }

        var store = _writing is { IsCompleted: true } ? FinishWrite(consumer) : [];
        if (cluster.Id is not { } clusterId)
        {
            return store;
        }

        var now = Stopwatch.GetTimestamp();
        if (_reading is null && now >= _nextRead && _partitions.Values.Any(p => p.Phase == PartitionPhase.Held))
        {
            StartRead(consumer, clusterId);
        }

        if (_writing is null && now >= _nextWrite && _partitions.Values.Any(p => p.Phase == PartitionPhase.Active))
        {
            _nextWrite = now + (long)(options.CommitInterval.TotalSeconds * Stopwatch.Frequency);
            _written = [.. _partitions.Where(p => p.Value.Phase == PartitionPhase.Active).Select(p => (p.Key, p.Value.Applied, p.Value.Generation))];
            _writing = rounds.WriteAsync(clusterId, [.. _written.Select(w => (w.Partition.Partition.Value, w.Applied))]);
        }

        return store;
    }

    /// <summary>
    /// Revocation (and shutdown): writes the checkpoints of <paramref name="partitions"/> within
    /// <paramref name="timeout"/> and returns what may be committed for them: what the checkpoints
    /// now cover, or what was stored before when the write did not succeed.
    /// </summary>
    public List<TopicPartitionOffset> Flush(IEnumerable<TopicPartition> partitions, TimeSpan timeout)
    {
        var active = partitions
            .Select(p => (Partition: p, State: _partitions.GetValueOrDefault(p)))
            .Where(p => p.State is { Phase: PartitionPhase.Active })
            .Select(p => (p.Partition, p.State!.Applied, p.State.Stored))
            .ToList();
        var commit = active.Where(p => p.Stored > 0).Select(p => new TopicPartitionOffset(p.Partition, p.Stored)).ToList();
        if (active.Count == 0 || cluster.Id is not { } clusterId)
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

    private void PauseNew(IConsumer<byte[]?, byte[]?> consumer)
    {
        if (_toPause.Count == 0)
        {
            return;
        }

        try
        {
            consumer.Pause(_toPause);
            _toPause.Clear();
        }
        catch (KafkaException ex)
        {
            // Not assigned yet (the assignment completes inside the next Consume): paused next step.
            WorkerLog.TransientKafkaError(logger, ex.Error.Code, ex.Error.Reason);
        }
    }

    private void StartRead(IConsumer<byte[]?, byte[]?> consumer, string clusterId)
    {
        _nextRead = Stopwatch.GetTimestamp() + (long)(ReadTimeout.TotalSeconds * Stopwatch.Frequency);
        var held = _partitions.Where(p => p.Value.Phase == PartitionPhase.Held).ToList();
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

    /// <summary>
    /// An assigned partition's checkpoints against the group's committed offset: a primary whose
    /// checkpoint is missing or below it lost writes the group counts as applied.
    /// </summary>
    private void FinishRead(IConsumer<byte[]?, byte[]?> consumer)
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
        var partitions = _read.Select(r => r.Partition.Partition.Value).ToList();
        foreach (var shard in shards)
        {
            rounds.Learn(shard, partitions);
        }

        for (var i = 0; i < _read.Count; i++)
        {
            var (partition, committed, generation) = _read[i];
            if (!_partitions.TryGetValue(partition, out var state) || state.Phase != PartitionPhase.Held || state.Generation != generation)
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
                Repair(consumer, partition, state, plan, reason, damaged.Keys);
            }
            else if (state.HeldFrom is { } from)
            {
                SeekTo(consumer, partition, state, from);
            }
            else
            {
                state.Phase = PartitionPhase.Active;
                consumer.Resume([partition]);
            }
        }
    }

    private List<TopicPartitionOffset> FinishWrite(IConsumer<byte[]?, byte[]?> consumer)
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
            if (!_partitions.TryGetValue(partition, out var state) || state.Phase != PartitionPhase.Active || state.Generation != generation)
            {
                continue;
            }

            if (damaged.TryGetValue(partition, out var lost))
            {
                if (RepairPlan.After(rounds.Shards, state.Plan, state.Applied, lost) is { } plan)
                {
                    Repair(consumer, partition, state, plan, reasons[partition], lost.Keys);
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

    private void Repair(IConsumer<byte[]?, byte[]?> consumer, TopicPartition partition, PartitionState state, RepairPlan plan, string reason, IEnumerable<int> shards)
    {
        var from = Math.Min(plan.From, state.Applied);
        WorkerLog.Repairing(logger, partition.ToString(), from, plan.To, reason, string.Join(",", shards.Order()));
        metrics.Repaired(reason);
        state.Plan = plan;
        state.Applied = from;
        CountRepairs();
        SeekTo(consumer, partition, state, from == 0 ? Beginning : from);
    }

    /// <summary>Forgets what is in flight for the partition and seeks it; paused until the seek succeeds.</summary>
    private void SeekTo(IConsumer<byte[]?, byte[]?> consumer, TopicPartition partition, PartitionState state, long offset)
    {
        state.Generation++;
        state.Phase = PartitionPhase.Seeking;
        state.SeekTo = offset;
        _restart(partition);
        TrySeek(consumer, partition, state);
    }

    private void TrySeek(IConsumer<byte[]?, byte[]?> consumer, TopicPartition partition, PartitionState state)
    {
        try
        {
            consumer.Seek(new TopicPartitionOffset(partition, new Offset(state.SeekTo)));
            state.Phase = PartitionPhase.Active;
            consumer.Resume([partition]);
        }
        catch (KafkaException ex)
        {
            WorkerLog.SeekFailed(logger, partition.ToString(), state.SeekTo, ex.Error.Code);
            consumer.Pause([partition]);
        }
    }

    private void CountRepairs()
    {
        _repairing = _partitions.Values.Count(p => p.Plan is not null);
        metrics.SetRepairing(_repairing);
    }

    private RepairPlan? PlanOf(ConsumeResult<byte[]?, byte[]?> message) =>
        _partitions.TryGetValue(message.TopicPartition, out var state) ? state.Plan : null;

    private int? ShardOf(uint appId, string roomId) =>
        rounds.Layout?.ShardOf(keys.Rooms(appId, keys.Bucket(appId, roomId)))?.Number;
}
