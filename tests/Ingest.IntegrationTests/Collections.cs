using KafkaRooms.Testing.Kafka;
using KafkaRooms.Testing.Redis;

namespace KafkaRooms.Ingest.IntegrationTests;

/// <summary>Ingest's tests share one Kafka and one redis-server; each test has its own topic and key prefix.</summary>
[CollectionDefinition(Name)]
public sealed class IngestCollection : ICollectionFixture<KafkaFixture>, ICollectionFixture<RedisServerFixture>
{
    public const string Name = "ingest";
}
