using Confluent.Kafka;

namespace KafkaRooms.Worker.Consuming;

/// <summary>
/// Tracks every partition assigned to this consumer (see <see cref="PartitionOffsets"/>).
/// Used only from the poll thread.
/// </summary>
internal sealed class OffsetTracker
{
    private readonly Dictionary<TopicPartition, PartitionOffsets> _partitions = [];

    /// <summary>
    /// Registers a delivered message. When the consumer jumped back (an offset reset after the
    /// log was truncated), the partition starts over: what was pending is delivered again.
    /// Returns false in that case.
    /// </summary>
    public bool Track(TopicPartitionOffset delivered)
    {
        var restarted = false;
        if (!_partitions.TryGetValue(delivered.TopicPartition, out var offsets) || !offsets.Follows(delivered.Offset.Value))
        {
            restarted = offsets is not null;
            offsets = new PartitionOffsets();
            _partitions[delivered.TopicPartition] = offsets;
        }

        offsets.Track(delivered.Offset.Value);
        return !restarted;
    }

    /// <summary>
    /// Marks messages done; returns, per partition whose commit position moved, the offset to
    /// store. Messages of partitions forgotten since (revoked) are ignored.
    /// </summary>
    public IReadOnlyList<TopicPartitionOffset> Complete(IEnumerable<TopicPartitionOffset> done)
    {
        var moved = new Dictionary<TopicPartition, long>();
        foreach (var message in done)
        {
            if (_partitions.TryGetValue(message.TopicPartition, out var offsets)
                && offsets.Complete(message.Offset.Value) is { } position)
            {
                moved[message.TopicPartition] = position;
            }
        }

        return moved.Select(p => new TopicPartitionOffset(p.Key, new Offset(p.Value))).ToList();
    }

    /// <summary>Drops a partition's state when it is revoked or lost; its unfinished work is the next owner's.</summary>
    public void Forget(IEnumerable<TopicPartition> partitions)
    {
        foreach (var partition in partitions)
        {
            _partitions.Remove(partition);
        }
    }

    public int PendingCount => _partitions.Values.Sum(p => p.PendingCount);

    public long? CommitPosition(TopicPartition partition) =>
        _partitions.TryGetValue(partition, out var offsets) ? offsets.CommitPosition : null;
}
