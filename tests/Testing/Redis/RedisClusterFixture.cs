using System.Diagnostics;
using StackExchange.Redis;
using Xunit;

namespace KafkaRooms.Testing.Redis;

/// <summary>
/// A real local Redis Cluster: three masters (`redis-server --cluster-enabled yes`) on
/// loopback, joined with `redis-cli --cluster create`. A script that touches keys of two
/// slots fails here with CROSSSLOT, as it would in production.
/// </summary>
public sealed class RedisClusterFixture : IAsyncLifetime
{
    private const int Masters = 3;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly List<RedisServerProcess> _nodes = [];
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "kafkarooms-redis-cluster", Guid.NewGuid().ToString("N"));
    private ConnectionMultiplexer? _connection;
    private int _prefixCounter;

    public string ConnectionString { get; private set; } = "";

    public ConnectionMultiplexer Connection =>
        _connection ?? throw new InvalidOperationException("RedisClusterFixture is not initialised.");

    public string NewKeyPrefix() => $"c{Interlocked.Increment(ref _prefixCounter)}x{Guid.NewGuid().ToString("N")[..8]}";

    public async Task InitializeAsync()
    {
        var server = RedisExecutables.Find("redis-server", "redis-server");
        var cli = RedisExecutables.Find("redis-cli", "redis-tools");
        for (var i = 0; i < Masters; i++)
        {
            var port = FreePorts.NextWithCompanion(10000);
            var node = new RedisServerProcess(server, port, Path.Combine(_directory, port.ToString()),
                "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000");
            _nodes.Add(node);
            node.Start();
        }

        foreach (var node in _nodes)
        {
            await node.WaitUntilReadyAsync(StartTimeout);
        }

        await CreateClusterAsync(cli);
        ConnectionString = string.Join(",", _nodes.Select(n => $"127.0.0.1:{n.Port}"));
        _connection = await ConnectionMultiplexer.ConnectAsync(ConnectionString);
    }

    /// <summary>The loopback port of each master, in start order.</summary>
    public IReadOnlyList<int> MasterPorts => _nodes.Select(n => n.Port).ToList();

    /// <summary>
    /// Kills master <paramref name="index"/> (SIGKILL) and starts it again empty, as a master without
    /// persistence comes back after a crash: it keeps its node id and slots (nodes.conf), not its data.
    /// Returns once every node reports the cluster ok again.
    /// </summary>
    public async Task RestartMasterEmptyAsync(int index)
    {
        var node = _nodes[index];
        node.Kill();
        File.Delete(Path.Combine(node.DataDirectory, RedisServerProcess.DumpFile));
        node.Start();
        await node.WaitUntilReadyAsync(StartTimeout);
        await WaitClusterOkAsync();
    }

    private async Task CreateClusterAsync(string cli)
    {
        var start = new ProcessStartInfo(cli) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("--cluster");
        start.ArgumentList.Add("create");
        foreach (var node in _nodes)
        {
            start.ArgumentList.Add($"127.0.0.1:{node.Port}");
        }

        start.ArgumentList.Add("--cluster-replicas");
        start.ArgumentList.Add("0");
        start.ArgumentList.Add("--cluster-yes");
        using var create = Process.Start(start)!;
        var output = await create.StandardOutput.ReadToEndAsync();
        var errors = await create.StandardError.ReadToEndAsync();
        await create.WaitForExitAsync();
        if (create.ExitCode != 0)
        {
            throw new InvalidOperationException($"redis-cli --cluster create failed ({create.ExitCode}): {output}{errors}");
        }

        await WaitClusterOkAsync();
    }

    /// <summary>Every node must agree the cluster is whole before tests route commands to it.</summary>
    private async Task WaitClusterOkAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        foreach (var node in _nodes)
        {
            while (true)
            {
                using var probe = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{node.Port},allowAdmin=true");
                var info = (string?)await probe.GetDatabase().ExecuteAsync("CLUSTER", "INFO") ?? "";
                if (info.Contains("cluster_state:ok", StringComparison.Ordinal))
                {
                    break;
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"Redis Cluster node {node.Port} not ok: {info}");
                }

                await Task.Delay(100);
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        foreach (var node in _nodes)
        {
            node.Dispose();
        }

        RedisServerFixture.TryDelete(_directory);
    }
}
