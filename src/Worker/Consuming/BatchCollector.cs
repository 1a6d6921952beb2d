using Confluent.Kafka;

namespace KafkaRooms.Worker.Consuming;

/// <summary>
/// Gathers the next batch: up to <c>maxBatchSize</c> messages, or whatever arrived within
/// <c>maxBatchWait</c> of the first one. Messages polled while the previous batch was still
/// being applied are carried over and start the next batch, in delivery order.
/// </summary>
/// <remarks>
/// Within the batch window the collector does not wait in the consumer: every arriving fetch
/// would wake the poll thread. It sleeps out the window once and then takes what is queued,
/// which gives the same batch at the same time with one wakeup (docs/worker.md, "Under a trickle").
/// </remarks>
internal sealed class BatchCollector(
    int maxBatchSize, TimeSpan maxBatchWait, TimeSpan idlePoll, TimeProvider timeProvider, Action<TimeSpan> sleep)
{
    private readonly Queue<ConsumeResult<byte[]?, byte[]?>> _carryOver = new();

    public BatchCollector(int maxBatchSize, TimeSpan maxBatchWait, TimeSpan idlePoll, TimeProvider timeProvider)
        : this(maxBatchSize, maxBatchWait, idlePoll, timeProvider, Thread.Sleep)
    {
    }

    public int CarriedOver => _carryOver.Count;

    public bool CarryOverFull => _carryOver.Count >= maxBatchSize;

    public void CarryOver(ConsumeResult<byte[]?, byte[]?> message) => _carryOver.Enqueue(message);

    /// <summary>Drops carried-over messages of partitions this consumer no longer owns.</summary>
    public void Drop(IReadOnlyCollection<TopicPartition> partitions)
    {
        if (_carryOver.Count == 0 || partitions.Count == 0)
        {
            return;
        }

        var drop = partitions.ToHashSet();
        var kept = _carryOver.Where(m => !drop.Contains(m.TopicPartition)).ToList();
        _carryOver.Clear();
        foreach (var message in kept)
        {
            _carryOver.Enqueue(message);
        }
    }

    /// <summary>
    /// Returns the next batch; empty when nothing arrived within the idle poll (so the caller
    /// can look at its stop and error flags) or when <paramref name="stop"/> is signalled.
    /// </summary>
    /// <param name="poll">Consumes one message, waiting at most the given time; null when none came.</param>
    public List<ConsumeResult<byte[]?, byte[]?>> Collect(
        Func<TimeSpan, ConsumeResult<byte[]?, byte[]?>?> poll, CancellationToken stop)
    {
        var batch = new List<ConsumeResult<byte[]?, byte[]?>>(Math.Min(maxBatchSize, 1024));
        while (batch.Count < maxBatchSize && _carryOver.TryDequeue(out var carried))
        {
            batch.Add(carried);
        }

        if (stop.IsCancellationRequested)
        {
            return batch;
        }

        if (batch.Count == 0)
        {
            if (poll(idlePoll) is not { } first)
            {
                return batch;
            }

            batch.Add(first);
        }

        var deadline = timeProvider.GetTimestamp() + (long)(maxBatchWait.TotalSeconds * timeProvider.TimestampFrequency);
        TakeQueued(batch, poll);
        if (batch.Count < maxBatchSize && !stop.IsCancellationRequested
            && timeProvider.GetElapsedTime(timeProvider.GetTimestamp(), deadline) is var left && left > TimeSpan.Zero)
        {
            sleep(left);
            TakeQueued(batch, poll);
        }

        return batch;
    }

    /// <summary>Takes what the consumer already holds, without waiting.</summary>
    private void TakeQueued(List<ConsumeResult<byte[]?, byte[]?>> batch, Func<TimeSpan, ConsumeResult<byte[]?, byte[]?>?> poll)
    {
        while (batch.Count < maxBatchSize && poll(TimeSpan.Zero) is { } message)
        {
            batch.Add(message);
        }
    }
}
