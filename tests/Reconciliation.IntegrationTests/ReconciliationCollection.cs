using KafkaRooms.Testing.Kafka;
using KafkaRooms.Testing.Redis;

namespace KafkaRooms.Reconciliation.IntegrationTests;

/// <summary>
/// One Kafka and one redis-server for every reconciliation test. The tests run one after another:
/// each runs Workers and timed confirmations that must not compete for the two cores.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ReconciliationCollection : ICollectionFixture<KafkaFixture>, ICollectionFixture<RedisServerFixture>
{
    public const string Name = "reconciliation";
}
