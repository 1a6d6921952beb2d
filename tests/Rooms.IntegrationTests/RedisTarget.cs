using KafkaRooms.Testing.Redis;
using StackExchange.Redis;

namespace KafkaRooms.Rooms.IntegrationTests;

/// <summary>Where a suite runs: the single redis-server or the 3-master Redis Cluster.</summary>
public sealed class RedisTarget
{
    private RedisTarget(ConnectionMultiplexer connection, string connectionString, Func<string> newKeyPrefix, bool isCluster)
    {
        Connection = connection;
        ConnectionString = connectionString;
        NewKeyPrefix = newKeyPrefix;
        IsCluster = isCluster;
    }

    public ConnectionMultiplexer Connection { get; }

    /// <summary>What services put in RoomState:Redis to reach this target.</summary>
    public string ConnectionString { get; }

    private static string RoomScriptProbe => "return 1";

    public Func<string> NewKeyPrefix { get; }

    public bool IsCluster { get; }

    public static RedisTarget Of(RedisServerFixture fixture) => new(fixture.Connection, fixture.ConnectionString, fixture.NewKeyPrefix, false);

    public static RedisTarget Of(RedisClusterFixture fixture) => new(fixture.Connection, fixture.ConnectionString, fixture.NewKeyPrefix, true);

    /// <summary>Makes every master forget its scripts, as a restarted Redis would.</summary>
    public async Task FlushScriptsAsync()
    {
        var options = ConfigurationOptions.Parse(ConnectionString);
        options.AllowAdmin = true;
        await using var admin = await ConnectionMultiplexer.ConnectAsync(options);
        foreach (var server in admin.GetServers().Where(s => !s.IsReplica && s.IsConnected))
        {
            await server.ScriptLoadAsync(RoomScriptProbe);
            await server.ScriptFlushAsync();
            Assert.False(await server.ScriptExistsAsync(RoomScriptProbe), "SCRIPT FLUSH had no effect");
        }
    }
}
