using System.Diagnostics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using KafkaRooms.RoomHistories;
using KafkaRooms.Rooms;
using KafkaRooms.Rooms.Contract;
using KafkaRooms.Rooms.Kafka;
using KafkaRooms.Testing.Kafka;
using KafkaRooms.Testing.Redis;
using KafkaRooms.Worker.Hosting;
using KafkaRooms.Worker.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Pre-fills a topic with valid room events (shuffled histories with duplicates), then starts one
// Worker (the production DI registration) and measures how fast it applies them to Redis.
// Kafka and Redis come from the test fixtures: KAFKA_BOOTSTRAP_SERVERS / REDIS_URL, else the
// local mock cluster and a private redis-server.
var target = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
// The mock cluster keeps only the newest ~16k messages of each partition (older segments are
// deleted), so the default spreads 200k events over enough partitions to keep them all.
var partitions = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 24;

var kafka = new KafkaFixture();
var redis = new RedisServerFixture();
await kafka.InitializeAsync();
await redis.InitializeAsync();
try
{
    var topic = await kafka.CreateTopicAsync(partitions, "bench");
    var deadLetters = await kafka.CreateTopicAsync(1, "bench-dlt");

    var events = new List<RoomEvent>(target + 1000);
    var histories = new List<RoomHistory>();
    var random = new Random(2026);
    var baseTime = DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeMilliseconds();
    var sizes = new HistorySizes(Apps: 2, RoomsPerApp: 500, MaxLifecyclesPerRoom: 4, MaxUsersPerLifecycle: 6);
    for (var seed = 0; events.Count < target; seed++)
    {
        // Each history gets its own apps, so the truths of all of them hold at once.
        var history = RoomHistoryGenerator.Generate(seed, baseTime, sizes);
        var offset = (uint)(seed * 10 + 1);
        var shifted = history.Delivery(random, duplicateRate: 0.1).Select(e => e with { AppId = e.AppId % 1_000_000 + offset * 1_000_000 }).ToList();
        events.AddRange(shifted);
        histories.Add(history);
    }

    Console.WriteLine($"kafka: {kafka.Tier} ({kafka.BootstrapServers}); redis: {redis.ConnectionString}; {partitions} partitions");
    var produce = Stopwatch.StartNew();
    long stored;
    var failedDeliveries = 0;
    using (var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
    {
        BootstrapServers = kafka.BootstrapServers,
        EnableIdempotence = true,
        Acks = Acks.All,
        LingerMs = 20,
        Partitioner = Partitioner.Murmur2Random,
    }).Build())
    {
        foreach (var e in events)
        {
            var headers = new Headers { { RoomEventHeaders.Kind, Encoding.UTF8.GetBytes(e.Kind.ToWireName()) } };
            while (true)
            {
                try
                {
                    producer.Produce(
                        topic,
                        new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(e.RoomId), Value = RoomEventCodec.Serialize(e), Headers = headers },
                        report =>
                        {
                            if (report.Error.IsError)
                            {
                                Interlocked.Increment(ref failedDeliveries);
                            }
                        });
                    break;
                }
                catch (ProduceException<byte[], byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(10));
                }
            }
        }

        var unsent = producer.Flush(TimeSpan.FromMinutes(2));
        if (unsent > 0)
        {
            throw new InvalidOperationException($"{unsent} events still unpublished");
        }
    }

    using (var probe = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = kafka.BootstrapServers, GroupId = "probe" }).Build())
    {
        stored = Enumerable.Range(0, partitions)
            .Select(p => probe.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10)))
            .Sum(w => w.High.Value - w.Low.Value);
        Console.WriteLine($"topic holds {stored} messages" + (stored < events.Count ? " (the broker already deleted the oldest ones)" : ""));
    }

    Console.WriteLine($"pre-filled {events.Count} events in {produce.Elapsed.TotalSeconds:F1} s ({failedDeliveries} failed)");

    var groupId = $"bench-{Guid.NewGuid():N}";
    var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Kafka:BootstrapServers"] = kafka.BootstrapServers,
        ["Kafka:CallbacksTopic"] = topic,
        ["Kafka:DeadLetterTopic"] = deadLetters,
        ["Worker:GroupId"] = groupId,
        ["RoomState:Redis"] = redis.ConnectionString,
        ["RoomState:KeyPrefix"] = "bench",
    });
    if (Environment.GetEnvironmentVariable("BENCH_TRACE") is not null)
    {
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information);
    }

    builder.AddRoomState();
    builder.AddRoomEventWorker();
    using var host = builder.Build();
    var metrics = host.Services.GetRequiredService<WorkerMetrics>();

    var run = Stopwatch.StartNew();
    await host.StartAsync();
    TimeSpan? firstApplied = null;
    while (metrics.AppliedTotal < stored && run.Elapsed < TimeSpan.FromSeconds(BenchTimeoutSeconds()))
    {
        if (firstApplied is null && metrics.AppliedTotal > 0)
        {
            firstApplied = run.Elapsed;
        }

        await Task.Delay(5);
        if (Environment.GetEnvironmentVariable("BENCH_TRACE") is not null && run.ElapsedMilliseconds % 1000 < 6)
        {
            Console.WriteLine($"  {run.Elapsed.TotalSeconds:F0} s: {metrics.AppliedTotal} applied");
        }
    }

    var total = run.Elapsed;
    if (metrics.AppliedTotal < stored)
    {
        using var probe = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = kafka.BootstrapServers, GroupId = groupId }).Build();
        var all = Enumerable.Range(0, partitions).Select(p => new TopicPartition(topic, p)).ToList();
        foreach (var c in probe.Committed(all, TimeSpan.FromSeconds(10)))
        {
            var w = probe.QueryWatermarkOffsets(c.TopicPartition, TimeSpan.FromSeconds(10));
            Console.WriteLine($"  {c.TopicPartition}: committed {c.Offset} of [{w.Low}, {w.High})");
        }
    }

    await host.StopAsync();
    var applying = total - (firstApplied ?? TimeSpan.Zero);
    Console.WriteLine($"applied {metrics.AppliedTotal} events with 1 worker in {total.TotalSeconds:F2} s from start " +
        $"(first event applied after {firstApplied?.TotalSeconds:F2} s: group join and first fetch)");
    Console.WriteLine($"worker apply rate: {metrics.AppliedTotal / applying.TotalSeconds:F0} events/s " +
        $"({metrics.AppliedTotal / total.TotalSeconds:F0} events/s including start-up)");
}
finally
{
    await redis.DisposeAsync();
    await kafka.DisposeAsync();
}

static int BenchTimeoutSeconds() =>
    int.TryParse(Environment.GetEnvironmentVariable("BENCH_TIMEOUT_S"), CultureInfo.InvariantCulture, out var seconds) ? seconds : 300;
