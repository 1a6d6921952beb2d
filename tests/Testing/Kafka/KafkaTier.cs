namespace KafkaRooms.Testing.Kafka;

/// <summary>Where the tests' Kafka comes from, in the order ARCHITECTURE.md gives.</summary>
public enum KafkaTier
{
    /// <summary>KAFKA_BOOTSTRAP_SERVERS names a real cluster.</summary>
    External,

    /// <summary>A Docker engine answered: Testcontainers.Kafka.</summary>
    Testcontainers,

    /// <summary>librdkafka's mock cluster in this process.</summary>
    MockCluster,
}
