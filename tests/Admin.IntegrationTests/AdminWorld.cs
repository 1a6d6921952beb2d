using System.Globalization;
using Confluent.Kafka;
using KafkaRooms.RoomHistories;
using KafkaRooms.Rooms.Contract;
using KafkaRooms.Rooms.Kafka;
using KafkaRooms.Rooms.Reading;
using KafkaRooms.Rooms.Redis;
using KafkaRooms.Testing.Kafka;
using KafkaRooms.Testing.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace KafkaRooms.Admin.IntegrationTests;

/// <summary>
/// One test's world: its own callbacks topic and live key prefix. Events are published as Ingest
/// publishes them and applied to the live prefix with the room store, as a Worker applies them.
/// </summary>
internal sealed class AdminWorld : IDisposable
{
    public const int BucketCount = 8;

    private readonly IProducer<byte[]?, byte[]?> _producer;

    private AdminWorld(KafkaFixture kafka, RedisServerFixture redis, string topic)
    {
        Kafka = kafka;
        Redis = redis;
        Topic = topic;
        Live = new RoomStateOptions { Redis = redis.ConnectionString, KeyPrefix = redis.NewKeyPrefix(), BucketCount = BucketCount };
        LiveStore = new RoomStore(redis.Connection, Options.Create(Live), TimeProvider.System);
        LiveReader = new RoomReader(redis.Connection, Options.Create(Live));
        Keys = new RoomKeySchema(Live.KeyPrefix, BucketCount);
        ReportPath = Path.Combine(Path.GetTempPath(), $"kafkarooms-audit-{Guid.NewGuid():N}.json");
        _producer = new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers, Acks = Acks.All, LingerMs = 2 })
            .SetLogHandler((_, _) => { })
            .Build();
    }

    public KafkaFixture Kafka { get; }

    public RedisServerFixture Redis { get; }

    public string Topic { get; }

    public RoomStateOptions Live { get; }

    public RoomStore LiveStore { get; }

    public RoomReader LiveReader { get; }

    public RoomKeySchema Keys { get; }

    public string ReportPath { get; }

    public IDatabase Db => Redis.Connection.GetDatabase();

    /// <summary>What the tool reads from the environment, as the Workers do.</summary>
    public Dictionary<string, string> Environment => new()
    {
        ["KAFKA_BOOTSTRAP_SERVERS"] = Kafka.BootstrapServers,
        ["Kafka__CallbacksTopic"] = Topic,
        ["RoomState__Redis"] = Redis.ConnectionString,
        ["RoomState__KeyPrefix"] = Live.KeyPrefix,
        ["RoomState__BucketCount"] = BucketCount.ToString(CultureInfo.InvariantCulture),
    };

    public static async Task<AdminWorld> CreateAsync(KafkaFixture kafka, RedisServerFixture redis, int partitions = 3) =>
        new(kafka, redis, await kafka.CreateTopicAsync(partitions, "callbacks"));

    /// <summary>A history of a few rooms per app whose events happened minutes ago (none expired).</summary>
    public static RoomHistory History(int seed) =>
        RoomHistoryGenerator.Generate(seed, DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeMilliseconds(), HistorySizes.Small with { RoomsPerApp = 12 });

    public async Task PublishAsync(IEnumerable<RoomEvent> events)
    {
        foreach (var roomEvent in events)
        {
            var headers = new Headers();
            foreach (var (name, value) in RoomEventMessage.Headers(roomEvent))
            {
                headers.Add(name, value);
            }

            await _producer.ProduceAsync(Topic, new Message<byte[]?, byte[]?>
            {
                Key = RoomEventMessage.Key(roomEvent),
                Value = RoomEventMessage.Value(roomEvent),
                Headers = headers,
            });
        }
    }

    /// <summary>Publishes, then applies to the live prefix: what Ingest and a Worker do.</summary>
    public async Task PublishAndApplyAsync(IReadOnlyList<RoomEvent> events)
    {
        await PublishAsync(events);
        await LiveStore.ApplyBatchAsync(events);
    }

    public Task<AdminRun> RunAsync(params string[] arguments) => AdminRun.RunAsync(Environment, arguments);

    public Task<Dictionary<RoomKey, RoomTruth>> ReadLiveAsync(IEnumerable<uint> apps) => StateReading.ReadAsync(LiveReader, apps);

    /// <summary>Every key and value on the server, to show that a command changed nothing.</summary>
    public async Task<SortedDictionary<string, string>> SnapshotAsync()
    {
        var snapshot = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var server = Redis.Connection.GetServers().Single();
        await foreach (var key in server.KeysAsync(pattern: "*"))
        {
            var dump = await Db.KeyDumpAsync(key);
            snapshot[key!] = dump is null ? "" : Convert.ToBase64String(dump);
        }

        return snapshot;
    }

    public void Dispose()
    {
        _producer.Dispose();
        File.Delete(ReportPath);
    }
}
