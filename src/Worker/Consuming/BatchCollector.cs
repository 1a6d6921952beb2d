using Confluent.Kafka;

namespace KafkaRooms.Worker.Consuming;

/// <summary>
/// Gathers the next batch: up to <c>maxBatchSize</c> messages, or whatever arrived within
/// <c>maxBatchWait</c> of the first one. Messages polled while the previous batch was still
/// being applied are carried over and start the next batch, in delivery order.
/// </summary>
internal sealed class BatchCollector(int maxBatchSize, TimeSpan maxBatchWait, TimeSpan idlePoll, TimeProvider timeProvider)
{
    private readonly Queue<ConsumeResult<byte[]?, byte[]?>> _carryOver = new();

    public int MaxBatchSize => maxBatchSize;

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

        long? deadline = batch.Count > 0 ? Deadline() : null;
        while (batch.Count < maxBatchSize && !stop.IsCancellationRequested)
        {
            TimeSpan wait;
            if (deadline is { } until)
            {
                wait = timeProvider.GetElapsedTime(timeProvider.GetTimestamp(), until) is var left && left > TimeSpan.Zero
                    ? left
                    : TimeSpan.Zero;
                if (wait == TimeSpan.Zero)
                {
                    break;
                }
            }
            else
            {
                wait = idlePoll;
            }

            var message = poll(wait);
            if (message is null)
            {
                if (deadline is null)
                {
                    break;
                }

                continue;
            }

            batch.Add(message);
            deadline ??= Deadline();
        }

        return batch;
    }

    private long Deadline() =>
        timeProvider.GetTimestamp() + (long)(maxBatchWait.TotalSeconds * timeProvider.TimestampFrequency);
}
