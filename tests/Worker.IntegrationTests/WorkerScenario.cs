using System.Globalization;
using System.Text;
using Confluent.Kafka;
using KafkaRooms.LocalKafka;
using KafkaRooms.RoomHistories;
using KafkaRooms.Rooms.Contract;
using KafkaRooms.Rooms.Kafka;
using KafkaRooms.Rooms.Reading;
using KafkaRooms.Rooms.Redis;
using KafkaRooms.Testing;
using KafkaRooms.Testing.Kafka;
using KafkaRooms.Testing.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace KafkaRooms.Worker.IntegrationTests;

/// <summary>
/// One test's world: its own callbacks topic, dead-letter topic, consumer group and Redis key
/// prefix; publishing like Ingest does; and the checks every test ends with (everything
/// committed, Redis equal to the truth of docs/rules.md §6).
/// </summary>
internal sealed class WorkerScenario : IAsyncDisposable
{
    private readonly string _bootstrapServers;
    private readonly string _redisConnectionString;
    private readonly IConnectionMultiplexer _redis;
    private readonly ITestOutputHelper _output;
    private readonly IProducer<byte[]?, byte[]?> _producer;
    private readonly IConsumer<byte[]?, byte[]?> _offsets;
    private readonly List<WorkerInstance> _workers = [];
    private readonly List<ServiceProcess> _processes = [];

    private WorkerScenario(
        string bootstrapServers, (string ConnectionString, IConnectionMultiplexer Connection, string KeyPrefix) redis,
        ITestOutputHelper output, string topic, string deadLetterTopic, int partitions)
    {
        _bootstrapServers = bootstrapServers;
        _redisConnectionString = redis.ConnectionString;
        _redis = redis.Connection;
        _output = output;
        Topic = topic;
        DeadLetterTopic = deadLetterTopic;
        Partitions = Enumerable.Range(0, partitions).Select(p => new TopicPartition(topic, p)).ToList();
        KeyPrefix = redis.KeyPrefix;
        GroupId = $"worker-{Guid.NewGuid():N}";
        _producer = new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 5,
            Partitioner = Partitioner.Murmur2Random,
        }).SetLogHandler(Quiet).Build();
        _offsets = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = GroupId,
            EnableAutoCommit = false,
        }).SetLogHandler(Quiet).Build();
    }

    public string Topic { get; }

    /// <summary>The test's own clients stay silent (connection errors during outages are expected).</summary>
    private static void Quiet(object client, LogMessage message)
    {
    }

    public string DeadLetterTopic { get; }

    public string GroupId { get; }

    public string KeyPrefix { get; }

    public IReadOnlyList<TopicPartition> Partitions { get; }

    public long Published { get; private set; }

    public static async Task<WorkerScenario> CreateAsync(
        KafkaFixture kafka, RedisServerFixture redis, ITestOutputHelper output, int partitions)
    {
        var topic = await kafka.CreateTopicAsync(partitions, "callbacks");
        var deadLetters = await kafka.CreateTopicAsync(1, "dlt");
        return new WorkerScenario(kafka.BootstrapServers, (redis.ConnectionString, redis.Connection, redis.NewKeyPrefix()), output, topic, deadLetters, partitions);
    }

    /// <summary>A scenario whose Worker applies to the 3-master Redis Cluster.</summary>
    public static async Task<WorkerScenario> CreateAsync(
        KafkaFixture kafka, RedisClusterFixture redis, ITestOutputHelper output, int partitions)
    {
        var topic = await kafka.CreateTopicAsync(partitions, "callbacks");
        var deadLetters = await kafka.CreateTopicAsync(1, "dlt");
        return new WorkerScenario(kafka.BootstrapServers, (redis.ConnectionString, redis.Connection, redis.NewKeyPrefix()), output, topic, deadLetters, partitions);
    }

    /// <summary>
    /// A scenario on a mock cluster of the test's own, for fault injection (brokers down,
    /// request errors), whatever Kafka the fixture provides.
    /// </summary>
    public static WorkerScenario CreateOnMock(MockKafkaCluster mock, RedisServerFixture redis, ITestOutputHelper output, int partitions)
    {
        var topic = $"callbacks-{Guid.NewGuid():N}";
        var deadLetters = $"dlt-{Guid.NewGuid():N}";
        mock.CreateTopic(topic, partitions);
        mock.CreateTopic(deadLetters, 1);
        return new WorkerScenario(mock.BootstrapServers, (redis.ConnectionString, redis.Connection, redis.NewKeyPrefix()), output, topic, deadLetters, partitions);
    }

    /// <summary>Settings of a worker of this scenario: short timeouts so a test's rebalances take seconds.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["Kafka:BootstrapServers"] = _bootstrapServers,
        ["Kafka:CallbacksTopic"] = Topic,
        ["Kafka:DeadLetterTopic"] = DeadLetterTopic,
        ["Worker:GroupId"] = GroupId,
        ["Worker:MaxBatchSize"] = "500",
        ["Worker:MaxBatchWait"] = "00:00:00.020",
        ["Worker:SessionTimeout"] = "00:00:06",
        ["Worker:MaxPollInterval"] = "00:00:30",
        ["Worker:ApplyAttemptTimeout"] = "00:00:03",
        ["Worker:CommitInterval"] = "00:00:00.200",
        ["Worker:RetryBaseDelay"] = "00:00:00.100",
        ["Worker:RetryMaxDelay"] = "00:00:00.500",
        ["Worker:PauseAfter"] = "00:00:00.500",
        ["Worker:CloseTimeout"] = "00:00:05",
        // The mock cluster holds every empty fetch for the whole wait; a real broker answers at once.
        ["Worker:FetchWaitMax"] = "00:00:00.010",
        ["RoomState:Redis"] = _redisConnectionString,
        ["RoomState:KeyPrefix"] = KeyPrefix,
    };

    public async Task<WorkerInstance> StartWorkerAsync(Action<Dictionary<string, string?>>? adjust = null)
    {
        var settings = Settings();
        adjust?.Invoke(settings);
        var worker = await WorkerInstance.StartAsync(settings);
        _workers.Add(worker);
        return worker;
    }

    /// <summary>
    /// A Worker as its own process (the built program, this scenario's settings as environment
    /// variables): what a crash or a signal is done to.
    /// </summary>
    public async Task<ServiceProcess> StartWorkerProcessAsync(Action<Dictionary<string, string?>>? adjust = null)
    {
        var settings = Settings();
        adjust?.Invoke(settings);
        var environment = settings.Where(s => s.Value is not null).ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!);
        // Wins over Kafka:BootstrapServers in the Worker; this test process may have it set for another cluster.
        environment["KAFKA_BOOTSTRAP_SERVERS"] = _bootstrapServers;
        var process = await ServiceProcess.StartAsync(Path.Combine(AppContext.BaseDirectory, "KafkaRooms.Worker.dll"), "worker", environment);
        _processes.Add(process);
        return process;
    }

    /// <summary>Publishes events as Ingest does: keyed by room_id, contract JSON, kind and receive-time headers.</summary>
    public async Task PublishAsync(IEnumerable<RoomEvent> events)
    {
        foreach (var roomEvent in events)
        {
            var headers = new Headers();
            foreach (var (name, value) in RoomEventMessage.Headers(roomEvent))
            {
                headers.Add(name, value);
            }

            Produce(RoomEventMessage.Key(roomEvent), RoomEventMessage.Value(roomEvent), headers);
        }

        await FlushAsync();
    }

    public void Produce(byte[]? key, byte[]? value, Headers? headers = null)
    {
        _producer.Produce(Topic, new Message<byte[]?, byte[]?> { Key = key, Value = value, Headers = headers ?? [] }, report =>
        {
            if (report.Error.IsError)
            {
                throw new InvalidOperationException($"publish failed: {report.Error}");
            }
        });
        Published++;
    }

    public Task FlushAsync() => Task.Run(() =>
    {
        if (_producer.Flush(TimeSpan.FromSeconds(60)) > 0)
        {
            throw new TimeoutException("messages still unpublished after 60 s");
        }
    });

    /// <summary>What the group committed per partition (-1 when nothing yet) and the partition's end.</summary>
    public IReadOnlyList<(long Committed, long End)> Progress()
    {
        var committed = _offsets.Committed(Partitions, TimeSpan.FromSeconds(10));
        return Partitions.Select(p =>
        {
            var position = committed.Single(c => c.TopicPartition == p).Offset;
            var end = _offsets.QueryWatermarkOffsets(p, TimeSpan.FromSeconds(10)).High;
            return (position == Offset.Unset ? -1L : position.Value, end.Value);
        }).ToList();
    }

    public long CommittedTotal() => Progress().Sum(p => Math.Max(0, p.Committed));

    /// <summary>Waits until the group committed every partition up to its end: all applied (or dead-lettered).</summary>
    public async Task WaitUntilAllCommittedAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        IReadOnlyList<(long Committed, long End)> progress = [];
        while (!deadline.IsCancellationRequested)
        {
            progress = await Task.Run(Progress);
            if (progress.All(p => p.Committed == p.End))
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"Not everything committed within {timeout}: " +
            string.Join(", ", progress.Select((p, i) => $"[{i}] {p.Committed}/{p.End}")));
    }

    /// <summary>Waits until a condition holds (polling), failing with a message otherwise.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (!condition())
        {
            if (deadline.IsCancellationRequested)
            {
                Assert.Fail($"Timed out after {timeout} waiting until {what}.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>The open rooms and their online users as a game server reads them.</summary>
    public Task<Dictionary<RoomKey, RoomTruth>> ReadStateAsync(IEnumerable<uint> appIds) =>
        StateReading.ReadAsync(new RoomReader(_redis, Options.Create(new RoomStateOptions { KeyPrefix = KeyPrefix })), appIds);

    public async Task AssertTruthAsync(RoomHistory history)
    {
        var actual = await ReadStateAsync(history.Events.Select(e => e.AppId));
        var differences = TruthDiff.Compare(history.Truth, actual);
        Assert.True(differences.Count == 0, "Redis differs from the truth:\n" + string.Join("\n", differences));
        Assert.NotEmpty(history.Truth);
        _output.WriteLine($"{history.Events.Count} events, {Published} messages, {actual.Count} open rooms: equal to the truth");
    }

    /// <summary>
    /// Waits until Redis equals the truth of <paramref name="history"/> without any new message
    /// (a repair at work), failing with the differences left after <paramref name="timeout"/>.
    /// </summary>
    public async Task WaitForTruthAsync(RoomHistory history, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        List<string> differences;
        while (true)
        {
            try
            {
                differences = TruthDiff.Compare(history.Truth, await ReadStateAsync(history.Events.Select(e => e.AppId)));
            }
            catch (RedisException ex)
            {
                differences = [ex.Message];
            }

            if (differences.Count == 0 || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(200);
        }

        Assert.True(differences.Count == 0, $"Redis still differs from the truth after {timeout} ({differences.Count}):\n" + string.Join("\n", differences.Take(20)));
    }

    /// <summary>Reads the dead-letter topic from the start until <paramref name="count"/> messages came.</summary>
    public List<ConsumeResult<byte[]?, byte[]?>> ReadDeadLetters(int count, TimeSpan timeout)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = _bootstrapServers,
            GroupId = $"dlt-reader-{Guid.NewGuid():N}",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        }).SetLogHandler(Quiet).Build();
        consumer.Assign(new TopicPartitionOffset(DeadLetterTopic, 0, Offset.Beginning));
        var messages = new List<ConsumeResult<byte[]?, byte[]?>>();
        var deadline = DateTime.UtcNow + timeout;
        while (messages.Count < count && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { } message)
            {
                messages.Add(message);
            }
        }

        // Anything beyond the expected count shows up too (a short extra look).
        while (consumer.Consume(TimeSpan.FromMilliseconds(300)) is { } extra)
        {
            messages.Add(extra);
        }

        return messages;
    }

    /// <summary>A history whose times end shortly before now, so nothing is expired or in the future.</summary>
    public static RoomHistory History(int seed, HistorySizes? sizes = null)
    {
        var baseTime = DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeMilliseconds();
        return RoomHistoryGenerator.Generate(seed, baseTime, sizes);
    }

    public static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    public static string Header(ConsumeResult<byte[]?, byte[]?> message, string key) =>
        Text(message.Message.Headers.Single(h => h.Key == key).GetValueBytes());

    public static long HeaderNumber(ConsumeResult<byte[]?, byte[]?> message, string key) =>
        long.Parse(Header(message, key), CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.DisposeAsync();
        }

        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        _producer.Dispose();
        _offsets.Close();
        _offsets.Dispose();
    }
}
