using KafkaRooms.Testing.Kafka;
using KafkaRooms.Testing.Redis;

namespace KafkaRooms.Worker.IntegrationTests;

/// <summary>
/// One Kafka and one redis-server for every Worker test. The tests run one after another:
/// one of them stops the redis-server, and several run consumer groups whose timing must not
/// compete with the others for the two cores.
/// </summary>
[CollectionDefinition(Name)]
public sealed class WorkerCollection : ICollectionFixture<KafkaFixture>, ICollectionFixture<RedisServerFixture>
{
    public const string Name = "worker";
}
