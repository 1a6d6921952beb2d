using Confluent.Kafka;
using KafkaRooms.Rooms.Kafka;

namespace KafkaRooms.Admin.Replay;

/// <summary>
/// The admin tool's consumer: partitions are assigned by hand (no group membership, nothing
/// committed), so a replay never moves the Workers' group or takes partitions from them.
/// </summary>
internal static class ReplayConsumer
{
    public static IConsumer<byte[]?, byte[]?> Build(KafkaOptions kafka) =>
        new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig(Preflight.ClientSettings(kafka))
        {
            // Required by the client even when nothing joins a group or commits.
            GroupId = $"kafkarooms-admin-{Guid.NewGuid():N}",
            ClientId = "kafkarooms-admin",
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            EnablePartitionEof = true,
            AllowAutoCreateTopics = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            // librdkafka's mock cluster holds an empty fetch for the whole wait (docs/worker.md).
            FetchWaitMaxMs = 50,
        })
        .SetLogHandler((_, _) => { })
        .Build();
}
