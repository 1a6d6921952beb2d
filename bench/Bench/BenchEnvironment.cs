using KafkaRooms.LocalKafka;
using KafkaRooms.Rooms.Redis;
using KafkaRooms.Testing.Redis;
using StackExchange.Redis;

namespace KafkaRooms.Bench;

/// <summary>
/// What every measurement shares: one private redis-server (the same one the ceiling is
/// measured on), a 3-broker mock Kafka cluster, and the built programs.
/// </summary>
internal sealed class BenchEnvironment : IAsyncDisposable
{
    private readonly RedisServerFixture _redis = RedisServerFixture.Private();

    private BenchEnvironment(BenchOptions options, string repository)
    {
        Options = options;
        Repository = repository;
    }

    public BenchOptions Options { get; }

    public string Repository { get; }

    public MockKafkaCluster Kafka { get; private set; } = null!;

    public ConnectionMultiplexer Redis => _redis.Connection;

    /// <summary>The benchmark's redis-server as a Worker run's target.</summary>
    public RedisTarget SingleRedis => new("redis-server", RedisAddress, Redis);

    public string RedisAddress => _redis.ConnectionString;

    public int RedisPort => int.Parse(RedisAddress.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);

    public static async Task<BenchEnvironment> StartAsync(BenchOptions options)
    {
        var repository = FindRepository();
        var environment = new BenchEnvironment(options, repository);
        await environment._redis.InitializeAsync();
        environment.Kafka = MockKafkaCluster.Start(3);
        return environment;
    }

    public string Program(string project) =>
        Path.Combine(Repository, "src", project, "bin", Options.Configuration, "net10.0", $"KafkaRooms.{project}.dll");

    public string BenchProgram => Path.Combine(AppContext.BaseDirectory, "KafkaRooms.Bench.dll");

    /// <summary>The redis-server process, for CPU accounting.</summary>
    public async Task<int> RedisProcessIdAsync() => (await SingleRedis.ProcessIdsAsync()).Single();

    /// <summary>This process: the benchmark driver and the in-process mock Kafka brokers.</summary>
    public static int BenchProcessId => Environment.ProcessId;

    /// <summary>A store on the benchmark's Redis with the default settings (64 buckets, 24 h retention).</summary>
    public RoomStore NewStore() => new(Redis, Microsoft.Extensions.Options.Options.Create(new RoomStateOptions()), TimeProvider.System);

    /// <summary>Empties Redis between measurements so each starts from the same state.</summary>
    public async Task FlushRedisAsync() => await Redis.GetDatabase().ExecuteAsync("FLUSHALL");

    /// <summary>Redis memory used by data: used_memory less the client buffers (which batches inflate).</summary>
    public async Task<long> RedisUsedMemoryAsync()
    {
        var info = (string?)await Redis.GetDatabase().ExecuteAsync("INFO", "memory") ?? "";
        long Field(string name) => info.Split('\n').Where(l => l.StartsWith(name + ":", StringComparison.Ordinal))
            .Select(l => long.Parse(l[(name.Length + 1)..].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
        return Field("used_memory") - Field("mem_clients_normal");
    }

    /// <summary>The Worker's fetch wait for the mock cluster: short, as a real broker answers at once.</summary>
    public const string MockFetchWaitMax = "00:00:00.010";

    /// <summary>
    /// How long the group coordinator waits for more members before a new group's first
    /// rebalance: Kafka's broker default (group.initial.rebalance.delay.ms), for the drains, so
    /// Workers started together join in one rebalance as they would against a real broker. The
    /// mock cluster's own setting (100 ms, for the tests) splits Workers that start a few hundred
    /// ms apart into two rebalances, each held by the mock for the session timeout less 1 s.
    /// </summary>
    public static readonly TimeSpan BrokerInitialRebalanceDelay = TimeSpan.FromSeconds(3);

    /// <summary>Worker:SessionTimeout against the mock cluster, which holds every rebalance this long less 1 s.</summary>
    public const string MockSessionTimeout = "00:00:06";

    public Dictionary<string, string> ServiceEnvironment(string topic, string? groupId = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["KAFKA_BOOTSTRAP_SERVERS"] = Kafka.BootstrapServers,
            ["Kafka__BootstrapServers"] = Kafka.BootstrapServers,
            ["Kafka__CallbacksTopic"] = topic,
            ["Kafka__DeadLetterTopic"] = topic + ".dlt",
            ["RoomState__Redis"] = RedisAddress,
            ["Zego__Apps__1__CallbackSecret"] = BenchSecrets.Secret,
            // The mock cluster holds every empty fetch for the whole wait (docs/worker.md, "Under a trickle").
            ["Worker__FetchWaitMax"] = MockFetchWaitMax,
            // The mock's group coordinator holds every join of a non-empty group for the session
            // timeout less 1 s instead of ending it once all members rejoined (a real broker does):
            // with the Worker's 45 s, each rebalance of a multi-Worker drain stalled all of them
            // for 44 s. The tests use the same 6 s (docs/benchmarks.md, "Scale-out").
            ["Worker__SessionTimeout"] = MockSessionTimeout,
        };
        if (groupId is not null)
        {
            environment["Worker__GroupId"] = groupId;
        }

        return environment;
    }

    /// <summary>A Worker's environment: the services' one, its group, and the run's --worker-env settings.</summary>
    public Dictionary<string, string> WorkerEnvironment(string topic, string groupId)
    {
        var environment = ServiceEnvironment(topic, groupId);
        foreach (var setting in Options.WorkerSettings)
        {
            var (key, value) = setting.Split('=', 2) is [var k, var v] ? (k, v) : throw new ArgumentException($"--worker-env {setting}: expected NAME=value");
            environment[key] = value;
        }

        return environment;
    }

    public async ValueTask DisposeAsync()
    {
        Kafka?.Dispose();
        await _redis.DisposeAsync();
    }

    private static string FindRepository()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "KafkaRooms.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("run the benchmarks from inside the repository");
    }
}

internal static class BenchSecrets
{
    // A throwaway secret for the benchmark's own processes; nothing outside this run knows it.
    public static readonly string Secret = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
}
