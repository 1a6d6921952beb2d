using KafkaRooms.FakeZego;

namespace KafkaRooms.Ingest.IntegrationTests;

/// <summary>The real Ingest application on Kestrel, bound to a free loopback port.</summary>
internal sealed class IngestServer : IAsyncDisposable
{
    public const string Secret = "integration-test-secret-7f3a";
    public const uint AppId = 1;

    /// <summary>The ZEGO project this server accepts callbacks of: it signs with <see cref="Secret"/>.</summary>
    public static ZegoApp Zego { get; } = new(AppId, Secret);

    private readonly WebService _service;

    private IngestServer(WebService service, LogCollector logs)
    {
        _service = service;
        Logs = logs;
    }

    public Uri BaseAddress => _service.BaseAddress;

    public HttpClient Client => _service.Client;

    public LogCollector Logs { get; }

    public IServiceProvider Services => _service.Services;

    public static async Task<IngestServer> StartAsync(string bootstrapServers, string topic, IDictionary<string, string?>? settings = null)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Kafka:BootstrapServers"] = bootstrapServers,
            ["Kafka:CallbacksTopic"] = topic,
            [$"Zego:Apps:{AppId}:CallbackSecret"] = Secret,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:KafkaRooms"] = "Debug",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        var logs = new LogCollector();
        var service = await WebService.StartAsync(configuration, builder => builder.AddIngest(), app => app.MapIngest(), logs);
        return new IngestServer(service, logs);
    }

    public ValueTask DisposeAsync() => _service.DisposeAsync();
}
