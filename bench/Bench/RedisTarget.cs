using System.Globalization;
using StackExchange.Redis;

namespace KafkaRooms.Bench;

/// <summary>
/// The Redis a Worker run writes to: the benchmark's single redis-server or a local 3-master
/// cluster. Gives the connection string the Workers get, every redis-server process (for CPU per
/// event) and how to empty them all between runs.
/// </summary>
internal sealed class RedisTarget(string name, string connectionString, IConnectionMultiplexer connection)
{
    public string Name => name;

    public string ConnectionString => connectionString;

    /// <summary>The pid of every master, from its own INFO (the process that answers, not whatever holds the port).</summary>
    public async Task<int[]> ProcessIdsAsync()
    {
        var pids = new List<int>();
        foreach (var server in Masters())
        {
            var info = (string?)await server.ExecuteAsync("INFO", "server") ?? "";
            var line = info.Split('\n').First(l => l.StartsWith("process_id:", StringComparison.Ordinal));
            pids.Add(int.Parse(line["process_id:".Length..].Trim(), CultureInfo.InvariantCulture));
        }

        return [.. pids];
    }

    /// <summary>
    /// Script calls (EVALSHA, EVAL, FCALL) every master has answered since it started, from INFO
    /// commandstats: over a drain, its events per call (the batches' calls carry one bucket's events each).
    /// </summary>
    public async Task<long> ScriptCallsAsync()
    {
        long calls = 0;
        foreach (var server in Masters())
        {
            var info = (string?)await server.ExecuteAsync("INFO", "commandstats") ?? "";
            foreach (var line in info.Split('\n'))
            {
                if (line.StartsWith("cmdstat_evalsha:", StringComparison.Ordinal) || line.StartsWith("cmdstat_eval:", StringComparison.Ordinal)
                    || line.StartsWith("cmdstat_fcall:", StringComparison.Ordinal))
                {
                    var count = line[(line.IndexOf("calls=", StringComparison.Ordinal) + "calls=".Length)..];
                    calls += long.Parse(count[..count.IndexOf(',', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
                }
            }
        }

        return calls;
    }

    /// <summary>Empties every master, so each run starts from the same state.</summary>
    public async Task FlushAsync()
    {
        foreach (var server in Masters())
        {
            await server.ExecuteAsync("FLUSHALL");
        }
    }

    private IEnumerable<IServer> Masters() =>
        connection.GetEndPoints().Select(endpoint => connection.GetServer(endpoint)).Where(server => !server.IsReplica);
}
