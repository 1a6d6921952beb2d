using KafkaRooms.Rooms.Redis;
using StackExchange.Redis;

namespace KafkaRooms.Rooms.IntegrationTests;

/// <summary>
/// The store's own script connections as Redis sees them (CLIENT LIST, by name), for the inline
/// and pipelined paths' tests. Client ids only grow, so "opened since" is "an id above the
/// highest one before".
/// </summary>
internal static class ScriptConnections
{
    /// <summary>Loads the rule script on every primary, so that calls by SHA are answered from the first.</summary>
    public static async Task LoadRuleScriptEverywhereAsync(RedisTarget target)
    {
        foreach (var server in target.Connection.GetServers().Where(s => !s.IsReplica && s.IsConnected))
        {
            await server.ScriptLoadAsync(RoomScripts.ApplyBatch);
        }
    }

    /// <summary>Every client of every primary.</summary>
    public static async Task<List<ClientInfo>> ClientsAsync(RedisTarget target)
    {
        await using var admin = await AdminAsync(target);
        var clients = new List<ClientInfo>();
        foreach (var server in Primaries(admin))
        {
            clients.AddRange(await server.ClientListAsync());
        }

        return clients;
    }

    /// <summary>Kills every connection named <paramref name="name"/> (at least one); returns the highest client id there was then.</summary>
    public static async Task<long> KillAsync(RedisTarget target, string name)
    {
        await using var admin = await AdminAsync(target);
        var killed = 0L;
        var highest = 0L;
        foreach (var server in Primaries(admin))
        {
            var clients = await server.ClientListAsync();
            highest = Math.Max(highest, clients.Max(c => c.Id));
            // By id, with the filter form that counts what it killed: a connection of an earlier
            // test's store may close between the list and the kill, which the address form
            // answers with an error.
            foreach (var client in clients.Where(c => c.Name == name))
            {
                killed += await server.ClientKillAsync(id: client.Id);
            }
        }

        Assert.True(killed > 0, $"no {name} connection to kill");
        return highest;
    }

    private static async Task<ConnectionMultiplexer> AdminAsync(RedisTarget target)
    {
        var options = ConfigurationOptions.Parse(target.ConnectionString);
        options.AllowAdmin = true;
        return await ConnectionMultiplexer.ConnectAsync(options);
    }

    private static IEnumerable<IServer> Primaries(ConnectionMultiplexer admin) =>
        admin.GetServers().Where(s => !s.IsReplica && s.IsConnected);
}
