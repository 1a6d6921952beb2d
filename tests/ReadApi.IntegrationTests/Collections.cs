using KafkaRooms.Testing.Redis;

namespace KafkaRooms.ReadApi.IntegrationTests;

/// <summary>The read API's tests share one redis-server; each test has its own key prefix.</summary>
[CollectionDefinition(Name)]
public sealed class ReadApiCollection : ICollectionFixture<RedisServerFixture>
{
    public const string Name = "read-api";
}
