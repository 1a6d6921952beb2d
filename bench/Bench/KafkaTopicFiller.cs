using Confluent.Kafka;
using KafkaRooms.Rooms.Contract;
using KafkaRooms.Rooms.Kafka;

namespace KafkaRooms.Bench;

/// <summary>Fills a topic with events exactly as Ingest publishes them (<see cref="RoomEventMessage"/>).</summary>
internal static class KafkaTopicFiller
{
    public static async Task FillAsync(string bootstrapServers, string topic, IReadOnlyList<RoomEvent> events)
    {
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            Partitioner = Partitioner.Murmur2Random,
            // A drained backlog reaches a Worker as a real broker serves it: up to
            // max.partition.fetch.bytes (1 MB) of each partition per fetch. librdkafka's mock
            // answers a fetch with one producer batch per partition, so the batches are made as
            // large as that (1 MB, ~6,600 events; the linger outlasts the fill): with the former
            // 20 ms linger a fetch carried ~32 events per partition, a drain was fed in slivers of
            // every partition at once, and it measured the mock (docs/benchmarks.md, "Scale-out").
            LingerMs = 10_000,
            BatchSize = 1_000_000,
            BatchNumMessages = 1_000_000,
            QueueBufferingMaxMessages = 2_000_000,
        }).Build();
        var failures = 0;
        foreach (var e in events)
        {
            var headers = new Headers();
            foreach (var (name, value) in RoomEventMessage.Headers(e))
            {
                headers.Add(name, value);
            }

            var message = new Message<byte[], byte[]> { Key = RoomEventMessage.Key(e), Value = RoomEventMessage.Value(e), Headers = headers };
            while (true)
            {
                try
                {
                    producer.Produce(topic, message, report => { if (report.Error.IsError) Interlocked.Increment(ref failures); });
                    break;
                }
                catch (ProduceException<byte[], byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(50));
                }
            }
        }

        producer.Flush(TimeSpan.FromMinutes(2));
        if (failures > 0)
        {
            throw new InvalidOperationException($"{failures} messages were not written to {topic}");
        }

        await Task.CompletedTask;
        VerifyAllKept(bootstrapServers, topic, events.Count);
    }

    /// <summary>Fails when the broker dropped messages (the mock cluster caps each partition's log).</summary>
    private static void VerifyAllKept(string bootstrapServers, string topic, int expected)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = "watermarks" }).Build();
        var partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions;
        var kept = partitions.Sum(p =>
        {
            var marks = consumer.QueryWatermarkOffsets(new TopicPartition(topic, p.PartitionId), TimeSpan.FromSeconds(10));
            return marks.High.Value - marks.Low.Value;
        });
        if (kept != expected)
        {
            throw new InvalidOperationException($"{topic} holds {kept} of the {expected} messages written; use more partitions");
        }
    }
}
