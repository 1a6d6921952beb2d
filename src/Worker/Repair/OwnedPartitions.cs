using System.Diagnostics.CodeAnalysis;
using Confluent.Kafka;
using KafkaRooms.Worker.Consuming;
using KafkaRooms.Worker.Telemetry;

namespace KafkaRooms.Worker.Repair;

/// <summary>
/// The partitions this Worker owns as the repair sees them (<see cref="PartitionState"/>), and the
/// seeks that hold, start and repair them: a partition sought back is forgotten downstream first
/// (tracking, carried-over messages) and stays paused until its seek succeeds. Used only from the
/// poll thread.
/// </summary>
internal sealed class OwnedPartitions(WorkerMetrics metrics, ILogger logger)
{
    private const long Beginning = -2;

    private readonly Dictionary<TopicPartition, PartitionState> _states = new(TopicPartitionComparer.Instance);
    private readonly List<TopicPartition> _toPause = [];

    // Partitions per phase: the poll loop asks whether any is held or seeking at every step, once
    // per message while it keeps the membership alive in a drain; counting beats walking them all.
    private readonly int[] _inPhase = new int[Enum.GetValues<PartitionPhase>().Length];
    private Action<TopicPartition> _restart = _ => { };

    /// <summary>Partitions with a repair plan: the batch filter skips its work while there are none.</summary>
    public int Repairing { get; private set; }

    /// <summary>Forgets what is in flight for a partition sought back (tracking, carried-over messages).</summary>
    public void OnRestart(Action<TopicPartition> restart) => _restart = restart;

    /// <summary>Newly assigned partitions start held: paused until their checkpoints are read.</summary>
    public void Add(IEnumerable<TopicPartition> partitions)
    {
        foreach (var partition in partitions)
        {
            if (_states.Remove(partition, out var replaced))
            {
                _inPhase[(int)replaced.Phase]--;
            }

            var state = new PartitionState();
            _states[partition] = state;
            _inPhase[(int)state.Phase]++;
            _toPause.Add(partition);
        }

        CountRepairs();
    }

    public void Remove(TopicPartition partition)
    {
        if (_states.Remove(partition, out var state))
        {
            _inPhase[(int)state.Phase]--;
        }

        _toPause.Remove(partition);
    }

    public bool TryGet(TopicPartition partition, [MaybeNullWhen(false)] out PartitionState state) => _states.TryGetValue(partition, out state);

    public PartitionState? Find(TopicPartition partition) => _states.GetValueOrDefault(partition);

    public bool Any(PartitionPhase phase) => _inPhase[(int)phase] > 0;

    public List<KeyValuePair<TopicPartition, PartitionState>> In(PartitionPhase phase) => [.. _states.Where(p => p.Value.Phase == phase)];

    /// <summary>Pauses newly assigned partitions, and seeks again those whose seek failed.</summary>
    public void Step(IConsumer<byte[]?, byte[]?> consumer)
    {
        PauseNew(consumer);
        if (Any(PartitionPhase.Seeking))
        {
            foreach (var (partition, state) in In(PartitionPhase.Seeking))
            {
                TrySeek(consumer, partition, state);
            }
        }
    }

    /// <summary>Seeks <paramref name="partition"/> back to apply <paramref name="plan"/> (logged and counted).</summary>
    public void Repair(
        IConsumer<byte[]?, byte[]?> consumer, TopicPartition partition, PartitionState state, RepairPlan plan, string reason, IEnumerable<int> shards)
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
    public void SeekTo(IConsumer<byte[]?, byte[]?> consumer, TopicPartition partition, PartitionState state, long offset)
    {
        state.Generation++;
        Move(state, PartitionPhase.Seeking);
        state.SeekTo = offset;
        _restart(partition);
        TrySeek(consumer, partition, state);
    }

    /// <summary>A held partition whose checkpoints are whole: consumed from where it was.</summary>
    public void Activate(IConsumer<byte[]?, byte[]?> consumer, TopicPartition partition, PartitionState state)
    {
        Move(state, PartitionPhase.Active);
        consumer.Resume([partition]);
    }

    public void CountRepairs()
    {
        Repairing = _states.Values.Count(p => p.Plan is not null);
        metrics.SetRepairing(Repairing);
    }

    private void Move(PartitionState state, PartitionPhase phase)
    {
        _inPhase[(int)state.Phase]--;
        _inPhase[(int)phase]++;
        state.Phase = phase;
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

    private void TrySeek(IConsumer<byte[]?, byte[]?> consumer, TopicPartition partition, PartitionState state)
    {
        try
        {
            consumer.Seek(new TopicPartitionOffset(partition, new Offset(state.SeekTo)));
            Activate(consumer, partition, state);
        }
        catch (KafkaException ex)
        {
            WorkerLog.SeekFailed(logger, partition.ToString(), state.SeekTo, ex.Error.Code);
            consumer.Pause([partition]);
        }
    }
}
