using Confluent.Kafka;
using KafkaRooms.Worker.Health;
using KafkaRooms.Worker.Telemetry;

namespace KafkaRooms.Worker.Consuming;

/// <summary>
/// The partitions this consumer owns and what is stored and committed for them: assignment,
/// revocation and loss (the group's callbacks), offsets stored once their batch's step
/// succeeded, commits, and the bounded close. Used only from the poll thread (librdkafka calls
/// the group callbacks from inside Consume and Close).
/// </summary>
/// <remarks>
/// Every way a partition's work in flight stops counting goes through <see cref="Forget"/>:
/// revocation, loss, and a partition sought back to an earlier offset. Forgetting drops the
/// partition's tracking, so a batch claimed before it can finish harmlessly but stores nothing.
/// </remarks>
internal sealed class PartitionOwnership(
    BatchCollector collector, WorkerMetrics metrics, WorkerStatus status, ILogger logger)
{
    private readonly OffsetTracker _tracker = new();
    private IConsumer<byte[]?, byte[]?>? _consumer;

    /// <summary>The fatal Kafka error that ends the consumer, if any.</summary>
    public Error? FatalError { get; private set; }

    public IConsumer<byte[]?, byte[]?> Consumer => _consumer ?? throw new InvalidOperationException("Build the consumer first.");

    public IConsumer<byte[]?, byte[]?> Build(ConsumerConfig config) =>
        _consumer = new ConsumerBuilder<byte[]?, byte[]?>(config)
            .SetErrorHandler((_, error) => OnError(error))
            .SetLogHandler((_, message) => KafkaLog.Write(logger, message))
            .SetPartitionsAssignedHandler(OnAssigned)
            .SetPartitionsRevokedHandler(OnRevoked)
            .SetPartitionsLostHandler(OnLost)
            .Build();

    /// <summary>Registers a delivered message before it joins a batch.</summary>
    public void Track(ConsumeResult<byte[]?, byte[]?> message)
    {
        if (!_tracker.Track(message.TopicPartitionOffset))
        {
            WorkerLog.PartitionRestarted(logger, message.TopicPartitionOffset.ToString());
        }
    }

    public ClaimedOffsets Claim(IReadOnlyList<ConsumeResult<byte[]?, byte[]?>> batch) => _tracker.Claim(batch);

    /// <summary>
    /// A batch's step succeeded (applied to Redis, rejects dead-lettered): store the offsets it
    /// made safe, so librdkafka commits them. Nothing is stored for a batch that failed.
    /// </summary>
    public void Applied(ClaimedOffsets batch)
    {
        foreach (var position in _tracker.Complete(batch))
        {
            try
            {
                Consumer.StoreOffset(position);
            }
            catch (KafkaException ex)
            {
                Handle(ex.Error, position.TopicPartition);
                continue;
            }

            var watermarks = Consumer.GetWatermarkOffsets(position.TopicPartition);
            if (watermarks.High != Offset.Unset)
            {
                metrics.SetLag(position.TopicPartition, watermarks.High.Value - position.Offset.Value);
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
                WorkerLog.OffsetOfRevokedPartition(logger, partition?.ToString() ?? "?", error.Code);
                break;
            case ConsumeErrorAction.Misconfigured:
                WorkerLog.MisconfiguredKafka(logger, error.Code, error.Reason);
                break;
            default:
                WorkerLog.TransientKafkaError(logger, error.Code, error.Reason);
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
                WorkerLog.Closed(logger);
                return true;
            }
        }
        catch (AggregateException ex) when (ex.InnerException is KafkaException kafka)
        {
            WorkerLog.CommitFailed(logger, kafka.Error.Code, kafka.Error.Reason);
            return true;
        }

        WorkerLog.CloseTimedOut(logger, timeout);
        return false;
    }

    private void OnError(Error error) => Handle(error);

    private void OnAssigned(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartition> partitions)
    {
        status.AssignmentChanged(consumer.Assignment.Count + partitions.Count);
        if (partitions.Count > 0)
        {
            WorkerLog.PartitionsAssigned(logger, string.Join(", ", partitions));
        }
    }

    private void OnRevoked(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartitionOffset> revoked)
    {
        var partitions = revoked.Select(p => p.TopicPartition).ToList();
        if (partitions.Count > 0)
        {
            WorkerLog.PartitionsRevoked(logger, string.Join(", ", partitions));
        }

        // Hand over exactly what is done, so the next owner starts where this one stopped.
        Commit(consumer, partitions);
        Forget(consumer, partitions);
    }

    private void OnLost(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartitionOffset> lost)
    {
        var partitions = lost.Select(p => p.TopicPartition).ToList();
        WorkerLog.PartitionsLost(logger, string.Join(", ", partitions));
        Forget(consumer, partitions);
    }

    private void Commit(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartition> partitions)
    {
        var positions = partitions
            .Select(p => _tracker.CommitPosition(p) is { } position ? new TopicPartitionOffset(p, position) : null)
            .OfType<TopicPartitionOffset>()
            .ToList();
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
            WorkerLog.CommitFailed(logger, ex.Error.Code, ex.Error.Reason);
        }
        catch (KafkaException ex)
        {
            Handle(ex.Error);
        }
    }

    private void Forget(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartition> partitions)
    {
        _tracker.Forget(partitions);
        collector.Drop(partitions);
        metrics.ForgetLag(partitions);
        status.AssignmentChanged(Math.Max(0, consumer.Assignment.Count - partitions.Count));
    }
}
