using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaRooms.LocalKafka;
using Testcontainers.Kafka;
using Xunit;

namespace KafkaRooms.Testing.Kafka;

/// <summary>
/// Kafka for integration tests: KAFKA_BOOTSTRAP_SERVERS if set; else Testcontainers when a
/// Docker engine answers; else librdkafka's mock cluster (3 brokers) in this process.
/// Each test asks for its own topic.
/// </summary>
public class KafkaFixture : IAsyncLifetime
{
    public const int MockBrokers = 3;
    private KafkaContainer? _container;

    public KafkaFixture() : this(null)
    {
    }

    /// <param name="forcedTier">Use this tier instead of choosing (tests of a specific tier).</param>
    protected KafkaFixture(KafkaTier? forcedTier) => ForcedTier = forcedTier;

    protected KafkaTier? ForcedTier { get; }

    public KafkaTier Tier { get; private set; }

    public string BootstrapServers { get; private set; } = "";

    /// <summary>The mock cluster with its fault injection; null on the other tiers.</summary>
    public MockKafkaCluster? Mock { get; private set; }

    public async Task InitializeAsync()
    {
        // Loads the same librdkafka file for Confluent.Kafka and the mock API, before any client exists.
        MockKafkaCluster.LoadNativeLibrary();
        var external = Environment.GetEnvironmentVariable("KAFKA_BOOTSTRAP_SERVERS");
        Tier = ForcedTier ?? (!string.IsNullOrWhiteSpace(external) ? KafkaTier.External
            : DockerEngine.Answers ? KafkaTier.Testcontainers
            : KafkaTier.MockCluster);
        switch (Tier)
        {
            case KafkaTier.External:
                BootstrapServers = external ?? throw new InvalidOperationException("KAFKA_BOOTSTRAP_SERVERS is not set.");
                break;
            case KafkaTier.Testcontainers:
                _container = new KafkaBuilder("confluentinc/cp-kafka:7.6.1").Build();
                await _container.StartAsync();
                BootstrapServers = _container.GetBootstrapAddress();
                break;
            default:
                Mock = MockKafkaCluster.Start(MockBrokers);
                BootstrapServers = Mock.BootstrapServers;
                break;
        }
    }

    /// <summary>Creates a topic with a name no other test uses and returns the name.</summary>
    public async Task<string> CreateTopicAsync(int partitions, string? hint = null)
    {
        var name = $"{hint ?? "t"}-{Guid.NewGuid():N}";
        if (Mock is not null)
        {
            Mock.CreateTopic(name, partitions);
            return name;
        }

        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = BootstrapServers }).Build();
        var brokers = admin.GetMetadata(TimeSpan.FromSeconds(10)).Brokers.Count;
        await admin.CreateTopicsAsync([
            new TopicSpecification { Name = name, NumPartitions = partitions, ReplicationFactor = (short)Math.Min(3, brokers) },
        ]);
        return name;
    }

    public async Task DisposeAsync()
    {
        Mock?.Dispose();
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
    }
}
