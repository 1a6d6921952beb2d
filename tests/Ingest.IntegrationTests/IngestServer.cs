using KafkaRooms.FakeZego;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace KafkaRooms.Ingest.IntegrationTests;

/// <summary>The real Ingest application on Kestrel, bound to a free loopback port.</summary>
internal sealed class IngestServer : IAsyncDisposable
{
    public const string Secret = "integration-test-secret-7f3a";
    public const uint AppId = 1;

    /// <summary>The ZEGO project this server accepts callbacks of: it signs with <see cref="Secret"/>.</summary>
    public static ZegoApp Zego { get; } = new(AppId, Secret);

    private readonly WebApplication _app;

    private IngestServer(WebApplication app, LogCollector logs)
    {
        _app = app;
        Logs = logs;
        BaseAddress = new Uri(app.Urls.Single());
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public LogCollector Logs { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<IngestServer> StartAsync(string bootstrapServers, string topic, IDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Testing",
            ContentRootPath = AppContext.BaseDirectory,
        });
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

        builder.Configuration.AddInMemoryCollection(configuration);
        var logs = new LogCollector();
        builder.Logging.AddProvider(logs);
        builder.AddIngest();
        var app = builder.Build();
        app.MapIngest();
        await app.StartAsync();
        return new IngestServer(app, logs);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
