using StackExchange.Redis;
using Xunit;

namespace KafkaRooms.Testing.Redis;

/// <summary>
/// A private redis-server on a free loopback port (no persistence), stopped at the end;
/// REDIS_URL points the tests at an existing Redis instead. Fails loudly when redis-server
/// is not installed.
/// </summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private readonly string? _searchPath;
    private RedisServerProcess? _server;
    private ConnectionMultiplexer? _connection;
    private int _prefixCounter;

    public RedisServerFixture()
    {
    }

    private RedisServerFixture(string searchPath) => _searchPath = searchPath;

    /// <summary>
    /// A fixture that looks for redis-server only in <paramref name="searchPath"/> and always
    /// runs its own server (tests of the fixture itself, and tests that stop the server).
    /// </summary>
    public static RedisServerFixture Private(string? searchPath = null) =>
        new(searchPath ?? Environment.GetEnvironmentVariable("PATH") ?? "");

    public string ConnectionString { get; private set; } = "";

    public ConnectionMultiplexer Connection =>
        _connection ?? throw new InvalidOperationException("RedisServerFixture is not initialised.");

    /// <summary>True when the fixture runs its own server (and so can stop and restart it).</summary>
    public bool OwnsServer => _server is not null;

    /// <summary>A key prefix no other test uses.</summary>
    public string NewKeyPrefix() => $"t{Interlocked.Increment(ref _prefixCounter)}x{Guid.NewGuid().ToString("N")[..8]}";

    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable("REDIS_URL");
        if (!string.IsNullOrWhiteSpace(external) && _searchPath is null)
        {
            ConnectionString = external;
        }
        else
        {
            var executable = RedisExecutables.Find("redis-server", "redis-server", _searchPath);
            var port = FreePorts.Next();
            var directory = Path.Combine(Path.GetTempPath(), "kafkarooms-redis", $"{port}-{Guid.NewGuid():N}");
            _server = new RedisServerProcess(executable, port, directory);
            _server.Start();
            await _server.WaitUntilReadyAsync(StartTimeout);
            ConnectionString = $"127.0.0.1:{port}";
        }

        _connection = await ConnectionMultiplexer.ConnectAsync(Options());
    }

    /// <summary>
    /// Kills the server (SIGKILL: nothing is written at exit); with <paramref name="save"/> a
    /// snapshot is written first and comes back on <see cref="StartAsync"/>.
    /// </summary>
    public async Task StopAsync(bool save)
    {
        var server = _server ?? throw new InvalidOperationException("REDIS_URL is set: this fixture cannot stop a server it does not own.");
        if (save)
        {
            // A foreground SAVE returns only once the dump is on disk.
            await Connection.GetDatabase().ExecuteAsync("SAVE");
        }

        server.Kill();
    }

    /// <summary>Starts the server again on the same port and data folder.</summary>
    public async Task StartAsync()
    {
        var server = _server ?? throw new InvalidOperationException("REDIS_URL is set: this fixture cannot start a server it does not own.");
        server.Start();
        await server.WaitUntilReadyAsync(StartTimeout);
    }

    /// <summary>
    /// Writes a snapshot now (SAVE) and keeps a copy of it named <paramref name="name"/>, to be put
    /// back later with <see cref="StartFromSnapshotAsync"/>, as a restore from a backup would.
    /// </summary>
    public async Task<string> SnapshotAsync(string name)
    {
        var server = _server ?? throw new InvalidOperationException("REDIS_URL is set: this fixture cannot snapshot a server it does not own.");
        await Connection.GetDatabase().ExecuteAsync("SAVE");
        var copy = Path.Combine(server.DataDirectory, name + ".rdb");
        File.Copy(Path.Combine(server.DataDirectory, RedisServerProcess.DumpFile), copy, overwrite: true);
        return copy;
    }

    /// <summary>Starts the stopped server from <paramref name="snapshot"/> (a file of <see cref="SnapshotAsync"/>), as a restore from a backup.</summary>
    public async Task StartFromSnapshotAsync(string snapshot)
    {
        var server = _server ?? throw new InvalidOperationException("REDIS_URL is set: this fixture cannot start a server it does not own.");
        File.Copy(snapshot, Path.Combine(server.DataDirectory, RedisServerProcess.DumpFile), overwrite: true);
        await StartAsync();
    }

    /// <summary>Waits until the shared connection answers again (after a restart).</summary>
    public async Task WaitConnectedAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            try
            {
                await Connection.GetDatabase().PingAsync();
                return;
            }
            catch (Exception e) when ((e is RedisException or RedisTimeoutException) && DateTime.UtcNow < deadline)
            {
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

        if (_server is not null)
        {
            _server.Dispose();
            TryDelete(_server.DataDirectory);
        }
    }

    private ConfigurationOptions Options()
    {
        var options = ConfigurationOptions.Parse(ConnectionString);
        // A server stopped on purpose by a test must not make the connection give up for good.
        options.AbortOnConnectFail = false;
        options.ConnectRetry = 10;
        options.AllowAdmin = true;
        return options;
    }

    internal static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
