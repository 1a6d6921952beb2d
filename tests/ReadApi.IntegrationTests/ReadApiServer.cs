using KafkaRooms.Rooms.Redis;
using KafkaRooms.Testing.Redis;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KafkaRooms.ReadApi.IntegrationTests;

/// <summary>The real read API on Kestrel, bound to a free loopback port, over its own key prefix.</summary>
internal sealed class ReadApiServer : IAsyncDisposable
{
    public const int Buckets = 4;

    private readonly WebApplication _app;

    private ReadApiServer(WebApplication app, RoomStore? store)
    {
        _app = app;
        Store = store;
        BaseAddress = new Uri(app.Urls.Single());
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    /// <summary>Writes state under the server's key prefix with the real rule scripts (null when Redis is unreachable on purpose).</summary>
    public RoomStore? Store { get; }

    public static Task<ReadApiServer> StartAsync(RedisServerFixture redis)
    {
        var prefix = redis.NewKeyPrefix();
        var store = new RoomStore(redis.Connection,
            Options.Create(new RoomStateOptions { Redis = redis.ConnectionString, KeyPrefix = prefix, BucketCount = Buckets }),
            TimeProvider.System);
        return StartAsync(store, new Dictionary<string, string?>
        {
            ["RoomState:Redis"] = redis.ConnectionString,
            ["RoomState:KeyPrefix"] = prefix,
            ["RoomState:BucketCount"] = $"{Buckets}",
        });
    }

    /// <summary>A server whose Redis address has nothing listening.</summary>
    public static Task<ReadApiServer> StartWithoutRedisAsync() =>
        StartAsync(null, new Dictionary<string, string?>
        {
            ["RoomState:Redis"] = $"127.0.0.1:{Testing.FreePorts.Next()},connectTimeout=500,asyncTimeout=1000",
        });

    private static async Task<ReadApiServer> StartAsync(RoomStore? store, Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Testing",
            ContentRootPath = AppContext.BaseDirectory,
        });
        settings["urls"] = "http://127.0.0.1:0";
        settings["Logging:LogLevel:Default"] = "Warning";
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.AddReadApi();
        var app = builder.Build();
        app.MapReadApi();
        await app.StartAsync();
        return new ReadApiServer(app, store);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
