using KafkaRooms.Testing.Kafka;
using KafkaRooms.Testing.Redis;

namespace KafkaRooms.Ingest.IntegrationTests;

/// <summary>
/// Ingest's tests share one Kafka and one redis-server; each test has its own topic and key
/// prefix. The hostile-input corpus shares its own server (<see cref="Hostile.HostileServerFixture"/>).
/// </summary>
[CollectionDefinition(Name)]
public sealed class IngestCollection : ICollectionFixture<KafkaFixture>, ICollectionFixture<RedisServerFixture>, ICollectionFixture<Hostile.HostileServerFixture>
{
    public const string Name = "ingest";
}
