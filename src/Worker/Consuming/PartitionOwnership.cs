using Confluent.Kafka;
using KafkaRooms.Worker.Health;
using KafkaRooms.Worker.Repair;
using KafkaRooms.Worker.Telemetry;

namespace KafkaRooms.Worker.Consuming;

/// <summary>
/// The partitions this consumer owns and what is stored and committed for them: assignment,
/// revocation and loss (the group's callbacks), offsets stored once their batch's step
/// succeeded and a checkpoint in Redis covers them (<see cref="StateRepair"/>, docs/rules.md §7),
/// commits, and the bounded close. Used only from the poll thread (librdkafka calls the group
/// callbacks from inside Consume and Close).
/// </summary>
/// <remarks>
/// Every way a partition's work in flight stops counting goes through the tracker's Forget:
/// revocation, loss, and a partition sought back to an earlier offset for repair. Forgetting drops
/// the partition's tracking, so a batch claimed before it can finish harmlessly but stores nothing.
/// </remarks>
internal sealed class PartitionOwnership
{
    private readonly OffsetTracker _tracker = new();
    private readonly BatchCollector _collector;
    private readonly StateRepair _repair;
    private readonly WorkerMetrics _metrics;
    private readonly WorkerStatus _status;
    private readonly ILogger _logger;
    private readonly TimeSpan _flushTimeout;
    private IConsumer<byte[]?, byte[]?>? _consumer;

    public PartitionOwnership(
        BatchCollector collector, StateRepair repair, WorkerOptions options, WorkerMetrics metrics, WorkerStatus status, ILogger logger)
    {
        _collector = collector;
        _repair = repair;
        _metrics = metrics;
        _status = status;
        _logger = logger;
        // The last checkpoint before a partition leaves takes part of the close's time, not all of it.
        _flushTimeout = options.CloseTimeout / 2;
        repair.OnRestart(Restart);
    }

    /// <summary>The fatal Kafka error that ends the consumer, if any.</summary>
    public Error? FatalError { get; private set; }

    public IConsumer<byte[]?, byte[]?> Consumer => _consumer ?? throw new InvalidOperationException("Build the consumer first.");

    public IConsumer<byte[]?, byte[]?> Build(ConsumerConfig config) =>
        _consumer = new ConsumerBuilder<byte[]?, byte[]?>(config)
            .SetErrorHandler((_, error) => OnError(error))
            .SetLogHandler((_, message) => KafkaLog.Write(_logger, message))
            .SetPartitionsAssignedHandler(OnAssigned)
            .SetPartitionsRevokedHandler(OnRevoked)
            .SetPartitionsLostHandler(OnLost)
            .Build();

    /// <summary>
    /// Registers a delivered message before it joins a batch; false when the message is dropped
    /// instead (its partition waits for its checkpoints or a seek, see <see cref="StateRepair"/>).
    /// </summary>
    public bool Track(ConsumeResult<byte[]?, byte[]?> message)
    {
        if (_repair.Drops(message))
        {
            return false;
        }

        if (!_tracker.Track(message.TopicPartitionOffset))
        {
            WorkerLog.PartitionRestarted(_logger, message.TopicPartitionOffset.ToString());
        }

        return true;
    }

    public ClaimedOffsets Claim(IReadOnlyList<ConsumeResult<byte[]?, byte[]?>> batch) => _tracker.Claim(batch);

    /// <summary>
    /// A batch's step succeeded (applied to Redis, rejects dead-lettered): the offsets it made safe
    /// are stored once a checkpoint in every Redis primary covers them (<see cref="Step"/>), so
    /// the group never commits past what the state can prove it holds. Nothing counts of a batch that failed.
    /// </summary>
    public void Applied(ClaimedOffsets batch)
    {
        foreach (var position in _tracker.Complete(batch))
        {
            _repair.Applied(position.TopicPartition, position.Offset.Value);
            var watermarks = Consumer.GetWatermarkOffsets(position.TopicPartition);
            if (watermarks.High != Offset.Unset)
            {
                _metrics.SetLag(position.TopicPartition, watermarks.High.Value - position.Offset.Value);
            }
        }
    }

    /// <summary>One step of the poll loop for checkpoints and repair; stores the offsets checkpoints now cover.</summary>
    public void Step()
    {
        foreach (var position in _repair.Step(Consumer))
        {
            try
            {
                Consumer.StoreOffset(position);
            }
            catch (KafkaException ex)
            {
                Handle(ex.Error, position.TopicPartition);
            }
        }
    }

    /// <summary>An error of the client (callback) or of a call; what happens is <see cref="ConsumeErrors.Classify"/>'s.</summary>
    public void Handle(Error error, TopicPartition? partition = null)
    {
        switch (ConsumeErrors.Classify(error))
        {
            case ConsumeErrorAction.Fatal:
                FatalError ??= error;
                break;
            case ConsumeErrorAction.Ignore:
                break;
            case ConsumeErrorAction.PartitionNotOwned:
                WorkerLog.OffsetOfRevokedPartition(_logger, partition?.ToString() ?? "?", error.Code);
                break;
            case ConsumeErrorAction.Misconfigured:
                WorkerLog.MisconfiguredKafka(_logger, error.Code, error.Reason);
                break;
            default:
                WorkerLog.TransientKafkaError(_logger, error.Code, error.Reason);
                break;
        }
    }

    /// <summary>
    /// Leaves the group within <paramref name="timeout"/>: librdkafka revokes every partition
    /// (so <see cref="OnRevoked"/> commits what is done) and commits what is stored. With the
    /// brokers gone that can hang, so the process goes on without it after the timeout.
    /// </summary>
    public bool CloseWithin(TimeSpan timeout)
    {
        var closing = Task.Run(Consumer.Close);
        try
        {
            if (closing.Wait(timeout))
            {
                WorkerLog.Closed(_logger);
                return true;
            }
        }
        catch (AggregateException ex) when (ex.InnerException is KafkaException kafka)
        {
            WorkerLog.CommitFailed(_logger, kafka.Error.Code, kafka.Error.Reason);
            return true;
        }

        WorkerLog.CloseTimedOut(_logger, timeout);
        return false;
    }

    private void OnError(Error error) => Handle(error);

    private void OnAssigned(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartition> partitions)
    {
        _status.AssignmentChanged(consumer.Assignment.Count + partitions.Count);
        if (partitions.Count > 0)
        {
            WorkerLog.PartitionsAssigned(_logger, string.Join(", ", partitions));
        }

        // Held until their checkpoints are compared with the group's committed offsets.
        _repair.Assigned(partitions);
    }

    private void OnRevoked(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartitionOffset> revoked)
    {
        var partitions = revoked.Select(p => p.TopicPartition).ToList();
        if (partitions.Count > 0)
        {
            WorkerLog.PartitionsRevoked(_logger, string.Join(", ", partitions));
        }

        // Hand over what is done and checkpointed, so the next owner starts where this one stopped.
        Commit(consumer, _repair.Flush(partitions, _flushTimeout));
        Forget(consumer, partitions);
    }

    private void OnLost(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartitionOffset> lost)
    {
        var partitions = lost.Select(p => p.TopicPartition).ToList();
        WorkerLog.PartitionsLost(_logger, string.Join(", ", partitions));
        Forget(consumer, partitions);
    }

    private void Commit(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartitionOffset> positions)
    {
        if (positions.Count == 0)
        {
            return;
        }

        try
        {
            consumer.Commit(positions);
        }
        catch (KafkaException ex) when (ConsumeErrors.Classify(ex.Error) is ConsumeErrorAction.Transient or ConsumeErrorAction.Misconfigured)
        {
            // Stored offsets are committed later (auto commit, close); the next owner at worst reapplies.
            WorkerLog.CommitFailed(_logger, ex.Error.Code, ex.Error.Reason);
        }
        catch (KafkaException ex)
        {
            Handle(ex.Error);
        }
    }

    private void Forget(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartition> partitions)
    {
        _tracker.Forget(partitions);
        _collector.Drop(partitions);
        _repair.Removed(partitions);
        _metrics.ForgetLag(partitions);
        _status.AssignmentChanged(Math.Max(0, consumer.Assignment.Count - partitions.Count));
    }

    /// <summary>A partition sought back for repair: its work in flight and carried-over messages stop counting.</summary>
    private void Restart(TopicPartition partition)
    {
        _tracker.Forget([partition]);
        _collector.Drop([partition]);
    }
}
