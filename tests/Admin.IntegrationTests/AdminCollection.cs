using KafkaRooms.Testing.Kafka;
using KafkaRooms.Testing.Redis;

namespace KafkaRooms.Admin.IntegrationTests;

[CollectionDefinition(Name)]
public sealed class AdminCollection : ICollectionFixture<KafkaFixture>, ICollectionFixture<RedisServerFixture>
{
    public const string Name = "admin";
}
