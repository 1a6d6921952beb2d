using KafkaRooms.Testing.Kafka;

namespace KafkaRooms.Ingest.IntegrationTests;

/// <summary>Ingest's tests share one Kafka; each test has its own topic (Ingest never talks to Redis).</summary>
[CollectionDefinition(Name)]
public sealed class IngestCollection : ICollectionFixture<KafkaFixture>
{
    public const string Name = "ingest";
}
