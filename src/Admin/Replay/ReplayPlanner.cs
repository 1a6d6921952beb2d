using Confluent.Kafka;

namespace KafkaRooms.Admin.Replay;

/// <summary>Which offsets a replay covers, and how old its oldest message is.</summary>
internal static class ReplayPlanner
{
    /// <summary>
    /// Each partition from its oldest retained offset (or the first at or after <paramref name="since"/>
    /// when the brokers can say; older messages are skipped while replaying anyway) to its end now.
    /// </summary>
    public static List<PartitionRange> Retained(
        IConsumer<byte[]?, byte[]?> consumer, string topic, IReadOnlyList<int> partitions, DateTimeOffset? since, TimeSpan timeout)
    {
        var starts = since is { } time
            ? consumer.OffsetsForTimes([.. partitions.Select(p => new TopicPartitionTimestamp(new TopicPartition(topic, p), new Timestamp(time)))], timeout)
                .ToDictionary(t => t.Partition.Value, t => t.Offset)
            : [];
        var ranges = new List<PartitionRange>(partitions.Count);
        foreach (var partition in partitions)
        {
            var marks = consumer.QueryWatermarkOffsets(new TopicPartition(topic, partition), timeout);
            var from = marks.Low.Value;
            if (starts.TryGetValue(partition, out var start) && !start.IsSpecial && start.Value > from && start.Value <= marks.High.Value)
            {
                from = start.Value;
            }

            ranges.Add(new PartitionRange(partition, from, marks.High.Value));
        }

        return ranges;
    }

    /// <summary>What arrived after <paramref name="done"/>: each partition from its end to its end now.</summary>
    public static List<PartitionRange> After(IConsumer<byte[]?, byte[]?> consumer, string topic, IReadOnlyList<PartitionRange> done, TimeSpan timeout) =>
        [.. done.Select(r => r with { From = r.To, To = consumer.QueryWatermarkOffsets(new TopicPartition(topic, r.Partition), timeout).High.Value })];

    /// <summary>The Kafka timestamp of the oldest first message among the ranges; null when they are empty.</summary>
    public static long? OldestTimestampMs(IConsumer<byte[]?, byte[]?> consumer, string topic, IReadOnlyList<PartitionRange> ranges, TimeSpan timeout)
    {
        var waiting = ranges.Where(r => r.Count > 0).Select(r => r.Partition).ToHashSet();
        if (waiting.Count == 0)
        {
            return null;
        }

        var assigned = ranges.Where(r => waiting.Contains(r.Partition)).Select(r => new TopicPartitionOffset(topic, r.Partition, r.From)).ToList();
        consumer.Assign(assigned);
        long? oldest = null;
        var deadline = DateTime.UtcNow + timeout;
        try
        {
            while (waiting.Count > 0)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new AdminFailure($"Kafka delivered no message of partitions {string.Join(", ", waiting)} of {topic} within {timeout.TotalSeconds:0} s");
                }

                if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { IsPartitionEOF: false } message && waiting.Remove(message.Partition.Value))
                {
                    consumer.Pause([message.TopicPartition]);
                    var ms = message.Message.Timestamp.UnixTimestampMs;
                    oldest = oldest is { } o ? Math.Min(o, ms) : ms;
                }
            }
        }
        finally
        {
            // librdkafka keeps a partition's pause across unassign and assign.
            consumer.Resume(assigned.Select(p => p.TopicPartition));
            consumer.Unassign();
        }

        return oldest;
    }
}
