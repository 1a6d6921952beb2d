using KafkaRooms.Testing.Kafka;

namespace KafkaRooms.Ingest.IntegrationTests.Hostile;

/// <summary>
/// One Ingest for the whole hostile-input corpus, on its own Kafka and topic (a fixture cannot
/// take the collection's Kafka): every case is sent to the same running server, so a request
/// that damaged it would fail the cases after it.
/// </summary>
public sealed class HostileServerFixture : IAsyncLifetime
{
    public const int MaxBodyBytes = 4096;
    public const int Partitions = 3;
    private readonly KafkaFixture _kafka = new();

    internal IngestServer Server { get; private set; } = null!;

    internal CallbackTopic Topic { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _kafka.InitializeAsync();
        var topic = await _kafka.CreateTopicAsync(Partitions, "hostile");
        Topic = new CallbackTopic(_kafka.BootstrapServers, topic, Partitions);
        Server = await IngestServer.StartAsync(_kafka.BootstrapServers, topic,
            new Dictionary<string, string?> { ["Ingest:MaxBodyBytes"] = $"{MaxBodyBytes}" });
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await _kafka.DisposeAsync();
    }
}
