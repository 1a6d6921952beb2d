using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace KafkaRooms.Rooms.Redis;

/// <summary>
/// Script calls made on the caller's thread over one <see cref="InlineScriptConnection"/> per
/// primary, routed to the primary StackExchange.Redis says holds the call's slot. Anything but
/// every answer arriving as a string makes <see cref="TryCall"/> return null: an error answer
/// (NOSCRIPT after a restart, MOVED while a cluster reshards) leaves the connection as it is; a
/// broken or slow connection is closed and the inline path rests (<see cref="OwnConnectionPath"/>).
/// The caller then makes the calls the usual way, which loads scripts, follows slots and retries.
/// Not for concurrent use: a caller that finds it busy gets null.
/// </summary>
internal sealed class InlineScriptCalls(IConnectionMultiplexer redis, TimeProvider timeProvider, TimeSpan timeout) : IDisposable
{
    private readonly Lock _busy = new();
    private readonly Dictionary<EndPoint, InlineScriptConnection> _connections = [];
    private readonly OwnConnectionPath _path = new(redis, timeProvider);
    private bool _disposed;

    /// <summary>
    /// Whether <see cref="TryCall"/> would try at all (not resting after a failure, no TLS), so a
    /// caller can skip building calls it would then build again for the usual path.
    /// </summary>
    public bool Ready => _path.Ready;

    /// <summary>
    /// Makes every call (EVALSHA <paramref name="sha1Hex"/>) and returns the answers in order, or
    /// null when any of them did not answer with a string (some may have been applied then).
    /// </summary>
    public string[]? TryCall(byte[] sha1Hex, IReadOnlyList<(RedisKey[] Keys, RedisValue[] Args)> calls)
    {
        if (!Ready || !_busy.TryEnter())
        {
            return null;
        }

        try
        {
            if (_disposed)
            {
                return null;
            }

            // Every primary's calls are written before any answer is read.
            var order = new InlineScriptConnection[calls.Count];
            var used = new List<InlineScriptConnection>(1);
            for (var c = 0; c < calls.Count; c++)
            {
                var endpoint = redis.GetServer(calls[c].Keys[0], flags: CommandFlags.DemandMaster).EndPoint;
                if (!_connections.TryGetValue(endpoint, out var connection))
                {
                    connection = InlineScriptConnection.Connect(endpoint, _path.Options, timeout);
                    _connections.Add(endpoint, connection);
                }

                connection.AddEvalSha(sha1Hex, calls[c].Keys, calls[c].Args);
                order[c] = connection;
                if (!used.Contains(connection))
                {
                    used.Add(connection);
                }
            }

            foreach (var connection in used)
            {
                connection.Send();
            }

            var answers = new string[calls.Count];
            var refused = false;
            for (var c = 0; c < calls.Count; c++)
            {
                try
                {
                    answers[c] = order[c].ReadBulkString();
                }
                catch (RedisServerException)
                {
                    // Read on: the connection stays in step with its answers.
                    refused = true;
                }
            }

            return refused ? null : answers;
        }
        catch (Exception ex) when (ex is IOException or SocketException or TimeoutException or InvalidDataException
            or RedisException or ObjectDisposedException or InvalidOperationException)
        {
            Close();
            _path.Rest();
            return null;
        }
        finally
        {
            _busy.Exit();
        }
    }

    public void Dispose()
    {
        lock (_busy)
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
