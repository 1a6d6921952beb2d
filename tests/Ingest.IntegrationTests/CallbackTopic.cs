using Confluent.Kafka;

namespace KafkaRooms.Ingest.IntegrationTests;

/// <summary>Reads back what Ingest wrote to a test's own topic.</summary>
internal sealed class CallbackTopic(string bootstrapServers, string name, int partitions)
{
    public string Name { get; } = name;

    public int Partitions { get; } = partitions;

    /// <summary>Sum of the high watermarks: how many messages were ever written.</summary>
    public long MessageCount()
    {
        using var consumer = NewConsumer();
        return Enumerable.Range(0, Partitions)
            .Sum(p => consumer.QueryWatermarkOffsets(new TopicPartition(Name, p), TimeSpan.FromSeconds(10)).High.Value);
    }

    /// <summary>Reads from the beginning until <paramref name="expected"/> messages arrived (or fails after the timeout).</summary>
    public List<ConsumeResult<byte[], byte[]>> ReadAll(int expected, TimeSpan? timeout = null)
    {
        using var consumer = NewConsumer();
        consumer.Assign(Enumerable.Range(0, Partitions).Select(p => new TopicPartitionOffset(Name, p, Offset.Beginning)));
        var results = new List<ConsumeResult<byte[], byte[]>>();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (results.Count < expected && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { IsPartitionEOF: false } result)
            {
                results.Add(result);
            }
        }

        Assert.True(results.Count >= expected, $"expected {expected} messages on {Name}, read {results.Count}");
        return results;
    }

    private IConsumer<byte[], byte[]> NewConsumer() =>
        new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = $"ingest-test-{Guid.NewGuid():N}",
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
}
