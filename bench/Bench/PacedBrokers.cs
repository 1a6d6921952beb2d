using Confluent.Kafka;
using KafkaRooms.LocalKafka;

namespace KafkaRooms.Bench;

/// <summary>
/// Where (7) produces and its Worker consumes: the benchmark's mock cluster with the short fetch
/// wait the mock needs, the mock with the Worker's own default, or real brokers given with
/// <c>--paced-kafka</c> (docs/benchmarks.md, "Worker under a trickle", eighth round).
/// </summary>
/// <param name="Setting">How the report names the rows.</param>
/// <param name="Client">
/// librdkafka settings for real brokers, given to the bench's producer and to the Worker as
/// <c>Kafka__Client__&lt;key&gt;</c> (e.g. <c>broker.version.fallback</c> for brokers before 0.10).
/// </param>
internal sealed record PacedBrokers(string Setting, MockKafkaCluster? Mock, string BootstrapServers, bool MockFetchWait, IReadOnlyDictionary<string, string> Client)
{
    public static PacedBrokers MockShortWait(MockKafkaCluster mock) =>
        new($"mock fetch wait {TimeSpan.Parse(BenchEnvironment.MockFetchWaitMax, System.Globalization.CultureInfo.InvariantCulture).TotalMilliseconds:F0} ms",
            mock, mock.BootstrapServers, MockFetchWait: true, new Dictionary<string, string>());

    public static PacedBrokers MockDefaultWait(MockKafkaCluster mock) =>
        new("production fetch wait (Worker default)", mock, mock.BootstrapServers, MockFetchWait: false, new Dictionary<string, string>());

    public static PacedBrokers Real(string bootstrapServers, IReadOnlyDictionary<string, string> client) =>
        new($"real brokers ({bootstrapServers}), Worker defaults", null, bootstrapServers, MockFetchWait: false, client);

    /// <summary>The mock with the Worker's default wait: its rows' latency is the mock's hold, not the Worker's.</summary>
    public bool HoldsFetches => Mock is not null && !MockFetchWait;

    /// <summary>The Worker's environment for these brokers: the run's, less what only the mock needs.</summary>
    public Dictionary<string, string> WorkerEnvironment(BenchEnvironment environment, string topic, string groupId)
    {
        var settings = environment.WorkerEnvironment(topic, groupId);
        if (!MockFetchWait)
        {
            settings.Remove("Worker__FetchWaitMax");
        }

        if (Mock is null)
        {
            settings["KAFKA_BOOTSTRAP_SERVERS"] = BootstrapServers;
            settings["Kafka__BootstrapServers"] = BootstrapServers;
            // Only the mock's group coordinator needs the short session timeout (BenchEnvironment).
            settings.Remove("Worker__SessionTimeout");
            foreach (var (key, value) in Client)
            {
                settings[$"Kafka__Client__{key}"] = value;
            }
        }

        return settings;
    }

    /// <summary>The bench's producer: Ingest's settings, then the real brokers' client settings.</summary>
    public ProducerConfig Producer()
    {
        var config = new ProducerConfig
        {
            BootstrapServers = BootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 1,
            Partitioner = Partitioner.Murmur2Random,
        };
        foreach (var (key, value) in Client)
        {
            config.Set(key, value);
        }

        return config;
    }

    /// <summary>
    /// Creates the topic with 12 partitions and its dead-letter topic. Brokers before 0.10.1 have
    /// no CreateTopics request: there a metadata request for the topic makes the broker create it
    /// with its num.partitions (bench/real-kafka/start.sh sets 12).
    /// </summary>
    public async Task CreateTopicAsync(string topic)
    {
        if (Mock is not null)
        {
            Mock.CreateTopic(topic, 12);
            Mock.CreateTopic(topic + ".dlt", 3);
            return;
        }

        var config = new AdminClientConfig { BootstrapServers = BootstrapServers };
        foreach (var (key, value) in Client.Where(c => c.Key != "enable.idempotence"))
        {
            config.Set(key, value);
        }

        using var admin = new AdminClientBuilder(config).Build();
        try
        {
            await admin.CreateTopicsAsync([new() { Name = topic, NumPartitions = 12, ReplicationFactor = 1 }, new() { Name = topic + ".dlt", NumPartitions = 3, ReplicationFactor = 1 }]);
        }
        catch (KafkaException ex)
        {
            Console.Error.WriteLine($"paced: CreateTopics refused ({ex.Error.Reason}); asking the brokers to create {topic} on first use");
            foreach (var name in new[] { topic, topic + ".dlt" })
            {
                admin.GetMetadata(name, TimeSpan.FromSeconds(10));
            }
        }

        for (var attempt = 0; attempt < 50; attempt++)
        {
            var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(10));
            if (metadata.Topics is [{ Error.IsError: false, Partitions.Count: > 0 }])
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException($"topic {topic} did not appear on {BootstrapServers}");
    }
}
