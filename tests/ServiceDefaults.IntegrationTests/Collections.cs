using KafkaRooms.Testing.Kafka;
using KafkaRooms.Testing.Redis;

namespace KafkaRooms.ServiceDefaults.IntegrationTests;

/// <summary>Tests that run Ingest and the Worker together share one Kafka and one redis-server; each has its own topics, group and key prefix.</summary>
[CollectionDefinition(Name)]
public sealed class PipelineCollection : ICollectionFixture<KafkaFixture>, ICollectionFixture<RedisServerFixture>
{
    public const string Name = "pipeline";
}
