using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace KafkaRooms.Rooms.Redis;

/// <summary>
/// A batch's script calls written by the caller's thread over one plain connection per
/// primary, with their answers read by that connection's own reader thread (docs/worker.md,
/// "Applying a batch"). StackExchange.Redis writes every argument through its general message
/// writer and hands every answer to the thread pool: in a drain the writing was 11 % of the
/// Worker's CPU and the answers' threads 19 % (docs/benchmarks.md). The calls of several batches
/// may be in flight on a connection at once, answered in order. Anything but an answer that is a string makes the batch's task end
/// with null: an error answer (NOSCRIPT after a restart, MOVED while a cluster reshards) leaves the
/// connection in step; a broken or silent connection is closed and the path rests for
/// <see cref="OwnConnectionPath.RestAfterFailure"/>. The caller then makes the calls the usual way.
/// </summary>
internal sealed class PipelinedScriptCalls(IConnectionMultiplexer redis, TimeProvider timeProvider, TimeSpan timeout) : IDisposable
{
    /// <summary>The name operators see in CLIENT LIST.</summary>
    public const string ClientName = "kafkarooms-pipeline";

    private readonly Lock _writing = new();
    private readonly Dictionary<EndPoint, PipelinedScriptConnection> _connections = [];
    private readonly OwnConnectionPath _path = new(redis, timeProvider);
    private bool _disposed;

    /// <summary>Whether <see cref="CallAsync"/> would try at all (not resting after a failure, no TLS).</summary>
    public bool Ready => _path.Ready;

    /// <summary>
    /// Writes every call (EVALSHA <paramref name="sha1Hex"/>) and returns a task of the answers in
    /// order, or of null when any of them did not answer with a string (some may have been applied then).
    /// </summary>
    public Task<string[]?> CallAsync(byte[] sha1Hex, IReadOnlyList<(RedisKey[] Keys, RedisValue[] Args)> calls)
    {
        if (!Ready || calls.Count == 0)
        {
            return Task.FromResult<string[]?>(calls.Count == 0 ? [] : null);
        }

        var answers = new BatchAnswers(calls.Count);
        lock (_writing)
        {
            if (_disposed)
            {
                return Task.FromResult<string[]?>(null);
            }

            try
            {
                var used = new List<PipelinedScriptConnection>(1);
                for (var c = 0; c < calls.Count; c++)
                {
                    var endpoint = redis.GetServer(calls[c].Keys[0], flags: CommandFlags.DemandMaster).EndPoint;
                    if (!_connections.TryGetValue(endpoint, out var connection) || connection.Closed)
                    {
                        connection?.Dispose();
                        connection = new PipelinedScriptConnection(InlineScriptConnection.Connect(endpoint, _path.Options, timeout, ClientName), _path.Rest);
                        _connections[endpoint] = connection;
                    }

                    connection.Add(sha1Hex, calls[c].Keys, calls[c].Args, answers, c);
                    if (!used.Contains(connection))
                    {
                        used.Add(connection);
                    }
                }

                foreach (var connection in used)
                {
                    connection.Send();
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException or TimeoutException or InvalidDataException
                or RedisException or ObjectDisposedException or InvalidOperationException)
            {
                Close();
                _path.Rest();
                answers.Fail();
            }
        }

        return answers.Task;
    }

    public void Dispose()
    {
        lock (_writing)
        {
            _disposed = true;
            Close();
        }
    }

    private void Close()
    {
        foreach (var connection in _connections.Values)
        {
            connection.Dispose();
        }

        _connections.Clear();
    }
}
