using Confluent.Kafka;

namespace KafkaRooms.Worker.Consuming;

/// <summary>
/// Equality of partitions hashed by their number alone. A Worker consumes one topic, so the
/// number is already a perfect hash; <see cref="TopicPartition"/>'s own hash runs the topic name
/// through the randomized string hash, and the poll thread looks a partition up several times
/// per message (docs/benchmarks.md, "Worker: where a drained event's CPU goes").
/// </summary>
internal sealed class TopicPartitionComparer : IEqualityComparer<TopicPartition>
{
    public static readonly TopicPartitionComparer Instance = new();

    private TopicPartitionComparer()
    {
    }

    public bool Equals(TopicPartition? x, TopicPartition? y) =>
        ReferenceEquals(x, y) || (x is not null && y is not null && x.Partition.Value == y.Partition.Value && string.Equals(x.Topic, y.Topic, StringComparison.Ordinal));

    public int GetHashCode(TopicPartition obj) => obj.Partition.Value;
}
