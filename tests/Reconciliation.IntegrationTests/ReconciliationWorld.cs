using System.Globalization;
using System.Text;
using Confluent.Kafka;
using KafkaRooms.FakeZego.ServerApi;
using KafkaRooms.Rooms.Contract;
using KafkaRooms.Rooms.Kafka;
using KafkaRooms.Rooms.Reading;
using KafkaRooms.Rooms.Redis;
using KafkaRooms.Testing.Kafka;
using KafkaRooms.Testing.Redis;
using Microsoft.Extensions.Options;

namespace KafkaRooms.Reconciliation.IntegrationTests;

/// <summary>
/// One test's world: its own callbacks topic, consumer group and Redis key prefix, the fake ZEGO
/// server API answering for <see cref="Apps"/>, callbacks published as Ingest publishes them, and
/// Workers that reconcile those apps against the fake with short, test-sized periods.
/// </summary>
internal sealed class ReconciliationWorld : IAsyncDisposable
{
    /// <summary>The fake's and the Workers' server secret of every app (a test value, not a secret).</summary>
    public const string ServerSecret = "test-server-secret";

    private readonly KafkaFixture _kafka;
    private readonly RedisServerFixture _redis;
    private readonly IProducer<byte[], byte[]> _producer;
    private readonly List<ReconcilingWorker> _workers = [];

    private ReconciliationWorld(KafkaFixture kafka, RedisServerFixture redis, FakeZegoServerApi zego, string topic, string deadLetters, IReadOnlyList<uint> apps)
    {
        _kafka = kafka;
        _redis = redis;
        Zego = zego;
        Topic = topic;
        DeadLetterTopic = deadLetters;
        Apps = apps;
        KeyPrefix = redis.NewKeyPrefix();
        GroupId = $"reconcile-{Guid.NewGuid():N}";
        _producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            Partitioner = Partitioner.Murmur2Random,
        }).SetLogHandler((_, _) => { }).Build();
    }

    public FakeZegoServerApi Zego { get; }

    public string Topic { get; }

    public string DeadLetterTopic { get; }

    public IReadOnlyList<uint> Apps { get; }

    public string KeyPrefix { get; }

    public string GroupId { get; }

    public static async Task<ReconciliationWorld> CreateAsync(
        KafkaFixture kafka, RedisServerFixture redis, IReadOnlyList<uint> apps, ServerApiRateLimits? limits = null)
    {
        var topic = await kafka.CreateTopicAsync(3, "callbacks");
        var deadLetters = await kafka.CreateTopicAsync(1, "dlt");
        var zego = await FakeZegoServerApi.StartAsync(apps.ToDictionary(app => app, _ => ServerSecret), limits ?? new ServerApiRateLimits(30, TimeSpan.FromSeconds(1)));
        return new ReconciliationWorld(kafka, redis, zego, topic, deadLetters, apps);
    }

    /// <summary>
    /// A Worker reconciling every app of the world: periods of a second or two, a budget under the
    /// fake's limits (20 requests/s against 30, a room every 1.3 s against 1 s: a busy test machine
    /// delays one request more than the next).
    /// </summary>
    public Dictionary<string, string?> Settings()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = _kafka.BootstrapServers,
            ["Kafka:CallbacksTopic"] = Topic,
            ["Kafka:DeadLetterTopic"] = DeadLetterTopic,
            ["Worker:GroupId"] = GroupId,
            ["Worker:MaxBatchWait"] = "00:00:00.020",
            ["Worker:SessionTimeout"] = "00:00:06",
            ["Worker:MaxPollInterval"] = "00:00:30",
            ["Worker:CommitInterval"] = "00:00:00.200",
            ["RoomState:Redis"] = _redis.ConnectionString,
            ["RoomState:KeyPrefix"] = KeyPrefix,
            ["Zego:ServerApi:BaseUrl"] = Zego.BaseAddress.ToString(),
            ["Zego:ServerApi:RequestsPerSecond"] = "20",
            ["Zego:ServerApi:RoomRequestInterval"] = "00:00:01.300",
            ["Zego:ServerApi:Timeout"] = "00:00:02",
            ["Zego:ServerApi:PageSize"] = "200",
            ["Reconciliation:GracePeriod"] = "00:00:01.500",
            ["Reconciliation:SuspectCheckInterval"] = "00:00:01",
            ["Reconciliation:SweepPeriod"] = "00:00:02",
            ["Reconciliation:CensusPeriod"] = "00:00:00.500",
            ["Reconciliation:LeaseDuration"] = "00:00:03",
            ["Reconciliation:BackoffBase"] = "00:00:00.200",
            ["Reconciliation:BackoffMax"] = "00:00:01",
            ["Suspicion:EmptyFor"] = "00:00:01",
        };
        foreach (var app in Apps)
        {
            settings[$"Zego:Apps:{app}:ServerSecret"] = ServerSecret;
        }

        return settings;
    }

    public async Task<ReconcilingWorker> StartWorkerAsync(Action<Dictionary<string, string?>>? adjust = null)
    {
        var settings = Settings();
        adjust?.Invoke(settings);
        var worker = await ReconcilingWorker.StartAsync(settings);
        _workers.Add(worker);
        return worker;
    }

    /// <summary>Publishes callbacks as Ingest does (key = room id, contract JSON, the usual headers) and waits for Kafka's acknowledgements.</summary>
    public async Task PublishAsync(params IEnumerable<RoomEvent> events)
    {
        foreach (var roomEvent in events)
        {
            var headers = new Headers();
            foreach (var (name, value) in RoomEventMessage.Headers(roomEvent))
            {
                headers.Add(name, value);
            }

            await _producer.ProduceAsync(Topic, new Message<byte[], byte[]>
            {
                Key = RoomEventMessage.Key(roomEvent), Value = RoomEventMessage.Value(roomEvent), Headers = headers,
            });
        }
    }

    public RoomReader Reader(string? keyPrefix = null) =>
        new(_redis.Connection, Options.Create(new RoomStateOptions { KeyPrefix = keyPrefix ?? KeyPrefix }));

    /// <summary>Every open room of the world's apps with its online user sessions.</summary>
    public async Task<Dictionary<(uint App, string Room), RoomSessionsView>> ReadStateAsync(string? keyPrefix = null)
    {
        var reader = Reader(keyPrefix);
        var state = new Dictionary<(uint, string), RoomSessionsView>();
        foreach (var app in Apps)
        {
            await foreach (var room in reader.ListAllRoomsAsync(app))
            {
                if (await reader.GetRoomSessionsAsync(app, room.RoomId) is { } view)
                {
                    state[(app, room.RoomId)] = view;
                }
            }
        }

        return state;
    }

    /// <summary>Every message of the topic so far, from the start, with the corrective ones marked by their source header.</summary>
    public List<(RoomEvent Event, string? Source)> ReadTopic()
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = _kafka.BootstrapServers,
            GroupId = $"reader-{Guid.NewGuid():N}",
            EnableAutoCommit = false,
        }).SetLogHandler((_, _) => { }).Build();
        var partitions = Enumerable.Range(0, 3).Select(p => new TopicPartition(Topic, p)).ToList();
        var ends = partitions.ToDictionary(p => p.Partition.Value, p => consumer.QueryWatermarkOffsets(p, TimeSpan.FromSeconds(10)).High.Value);
        consumer.Assign(partitions.Select(p => new TopicPartitionOffset(p, Offset.Beginning)));
        var messages = new List<(RoomEvent, string?)>();
        var read = partitions.ToDictionary(p => p.Partition.Value, _ => 0L);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (read.Any(p => p.Value < ends[p.Key]) && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { } message && message.Offset.Value < ends[message.Partition.Value])
            {
                read[message.Partition.Value] = message.Offset.Value + 1;
                var source = message.Message.Headers.TryGetLastBytes(RoomEventHeaders.Source, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;
                messages.Add((RoomEventCodec.Deserialize(message.Message.Value), source));
            }
        }

        return messages;
    }

    /// <summary>The corrective events published so far.</summary>
    public List<RoomEvent> Corrections() =>
        [.. ReadTopic().Where(m => m.Source == RoomEventHeaders.ReconcileSource).Select(m => m.Event)];

    /// <summary>Waits until the group (the world's unless given) committed every partition to its end: everything published so far is applied.</summary>
    public async Task WaitUntilAppliedAsync(TimeSpan timeout, string? groupId = null)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = _kafka.BootstrapServers, GroupId = groupId ?? GroupId })
            .SetLogHandler((_, _) => { }).Build();
        var partitions = Enumerable.Range(0, 3).Select(p => new TopicPartition(Topic, p)).ToList();
        await WaitUntilAsync(() => Task.Run(() =>
        {
            var committed = consumer.Committed(partitions, TimeSpan.FromSeconds(10));
            return partitions.All(p => committed.Single(c => c.TopicPartition == p).Offset is var offset
                && (offset == Offset.Unset ? 0 : offset.Value) == consumer.QueryWatermarkOffsets(p, TimeSpan.FromSeconds(10)).High.Value);
        }), timeout, "the group committed everything published");
    }

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out after {timeout} waiting until {what}.");
            await Task.Delay(100);
        }
    }

    public static long NowMs => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.DisposeAsync();
        }

        _producer.Dispose();
        await Zego.DisposeAsync();
    }
}
