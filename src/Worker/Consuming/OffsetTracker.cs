using Confluent.Kafka;

namespace KafkaRooms.Worker.Consuming;

/// <summary>
/// Tracks every partition assigned to this consumer (see <see cref="PartitionOffsets"/>).
/// Used only from the poll thread.
/// </summary>
internal sealed class OffsetTracker
{
    private readonly Dictionary<TopicPartition, PartitionOffsets> _partitions = new(TopicPartitionComparer.Instance);

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
    /// Ties a batch's offsets to the current tracking of their partitions, so that completing the
    /// batch later counts only if the partition was not forgotten or restarted in between.
    /// </summary>
    public ClaimedOffsets Claim(IReadOnlyList<ConsumeResult<byte[]?, byte[]?>> batch)
    {
        var claimed = new Dictionary<TopicPartition, List<long>>(TopicPartitionComparer.Instance);
        foreach (var message in batch)
        {
            if (!claimed.TryGetValue(message.TopicPartition, out var offsets))
            {
                claimed[message.TopicPartition] = offsets = [];
            }

            offsets.Add(message.Offset.Value);
        }

        var parts = new List<ClaimedOffsets.Part>(claimed.Count);
        foreach (var (partition, offsets) in claimed)
        {
            if (_partitions.TryGetValue(partition, out var tracking))
            {
                parts.Add(new ClaimedOffsets.Part(partition, tracking, offsets));
            }
        }

        return new ClaimedOffsets(parts);
    }

    /// <summary>
    /// Marks a claimed batch done; returns, per partition whose commit position moved, the offset
    /// to store. Partitions forgotten (revoked, lost, sought back) or restarted since the claim are
    /// skipped: their work in flight belongs to a run of the partition that no longer exists.
    /// </summary>
    public IReadOnlyList<TopicPartitionOffset> Complete(ClaimedOffsets done)
    {
        var moved = new List<TopicPartitionOffset>();
        foreach (var part in done.Parts)
        {
            if (!_partitions.TryGetValue(part.Partition, out var current) || !ReferenceEquals(current, part.Tracking))
            {
                continue;
            }

            long? position = null;
            foreach (var offset in part.Offsets)
            {
                position = current.Complete(offset) ?? position;
            }

            if (position is { } advanced)
            {
                moved.Add(new TopicPartitionOffset(part.Partition, new Offset(advanced)));
            }
        }

        return moved;
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

/// <summary>A batch's offsets per partition, with the tracking they were claimed under.</summary>
internal sealed class ClaimedOffsets(IReadOnlyList<ClaimedOffsets.Part> parts)
{
    public IReadOnlyList<Part> Parts => parts;

    public sealed record Part(TopicPartition Partition, PartitionOffsets Tracking, List<long> Offsets);
}
