using KafkaRooms.Rooms.Redis;
using KafkaRooms.Testing.Redis;
using Microsoft.Extensions.Options;

namespace KafkaRooms.ReadApi.IntegrationTests;

/// <summary>The real read API on Kestrel, bound to a free loopback port, over its own key prefix.</summary>
internal sealed class ReadApiServer : IAsyncDisposable
{
    public const int Buckets = 4;

    private readonly WebService _service;

    private ReadApiServer(WebService service, RoomStore? store, string? keyPrefix)
    {
        _service = service;
        Store = store;
        KeyPrefix = keyPrefix;
    }

    public Uri BaseAddress => _service.BaseAddress;

    public HttpClient Client => _service.Client;

    /// <summary>Writes state under the server's key prefix with the real rule scripts (null when Redis is unreachable on purpose).</summary>
    public RoomStore? Store { get; }

    /// <summary>The server's RoomState:KeyPrefix (null when Redis is unreachable on purpose).</summary>
    public string? KeyPrefix { get; }

    /// <param name="settings">More configuration of the server (ReadApi:..., the "Suspicion" thresholds).</param>
    /// <param name="feedMaxLength">The writing store's RoomState:ChangeFeedMaxLength.</param>
    public static Task<ReadApiServer> StartAsync(RedisServerFixture redis, IReadOnlyDictionary<string, string?>? settings = null, int feedMaxLength = 10_000)
    {
        var prefix = redis.NewKeyPrefix();
        var store = new RoomStore(redis.Connection,
            Options.Create(new RoomStateOptions { Redis = redis.ConnectionString, KeyPrefix = prefix, BucketCount = Buckets, ChangeFeedMaxLength = feedMaxLength }),
            TimeProvider.System);
        var all = new Dictionary<string, string?>
        {
            ["RoomState:Redis"] = redis.ConnectionString,
            ["RoomState:KeyPrefix"] = prefix,
            ["RoomState:BucketCount"] = $"{Buckets}",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return StartAsync(store, all);
    }

    /// <summary>A server whose Redis address has nothing listening.</summary>
    public static Task<ReadApiServer> StartWithoutRedisAsync() =>
        StartAsync(null, new Dictionary<string, string?>
        {
            ["RoomState:Redis"] = $"127.0.0.1:{Testing.FreePorts.Next()},connectTimeout=500,asyncTimeout=1000",
        });

    private static async Task<ReadApiServer> StartAsync(RoomStore? store, Dictionary<string, string?> settings)
    {
        settings["urls"] = "http://127.0.0.1:0";
        var service = await WebService.StartAsync(settings, builder => builder.AddReadApi(), app => app.MapReadApi());
        return new ReadApiServer(service, store, settings.GetValueOrDefault("RoomState:KeyPrefix"));
    }

    public ValueTask DisposeAsync() => _service.DisposeAsync();
}
