using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace KafkaRooms.Rooms.Reading;

/// <summary>
/// The blocking read that tells an app's shared feed when buckets have new changes: XREAD BLOCK
/// on a connection of its own (<see cref="RespConnection"/>) over a fixed group of the app's
/// streams, COUNT 1 (it only asks which streams have more; <see cref="AppChangeFeed.PumpAsync"/>
/// reads them). No polling: Redis answers the moment a change is appended, or after the block
/// time with nothing.
/// </summary>
internal sealed class ChangeFeedWakeup(
    AppChangeFeed feed, int[] buckets, IConnectionMultiplexer redis, ConfigurationOptions options, string keyPrefix, ILogger logger)
{
    private const int BlockMs = 10_000;

    // A reply later than the block time by this much means the connection is dead.
    private static readonly TimeSpan ReplyGrace = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    private readonly RedisKey[] _streams = buckets.Select(feed.StreamOf).ToArray();

    public async Task RunAsync(CancellationToken stop)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"kafkarooms-feed:{keyPrefix}:{feed.AppId}:{buckets[0]}");
        RespConnection? connection = null;
        EndPoint? movedTo = null;
        var failures = 0;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    connection ??= await RespConnection.ConnectAsync(movedTo ?? Endpoint(), options, name, stop).ConfigureAwait(false);
                    movedTo = null;
                    var woken = await WaitAsync(connection, stop).ConfigureAwait(false);
                    failures = 0;
                    if (woken.Count > 0)
                    {
                        await feed.PumpAsync(woken, stop).ConfigureAwait(false);
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex) when (ex is IOException or SocketException or RedisException or InvalidDataException
                    or AuthenticationException or OperationCanceledException or TimeoutException or InvalidOperationException)
                {
                    movedTo = MovedTo(ex);
                    if (movedTo is null)
                    {
                        ChangeFeedLog.WakeupFailed(logger, feed.AppId, buckets[0], buckets.Length, ex.Message);
                    }

                    if (connection is not null)
                    {
                        await connection.DisposeAsync().ConfigureAwait(false);
                        connection = null;
                    }

                    var backoff = movedTo is not null ? TimeSpan.Zero : TimeSpan.FromMilliseconds(Math.Min(MaxBackoff.TotalMilliseconds, 100 * Math.Pow(2, failures++)));
                    await Task.Delay(backoff, stop).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    // The buckets whose streams have entries after the feed's positions, once Redis has any.
    private async Task<List<int>> WaitAsync(RespConnection connection, CancellationToken stop)
    {
        var positions = feed.PositionsOf(buckets);
        var arguments = new List<string>(6 + (2 * buckets.Length)) { "XREAD", "COUNT", "1", "BLOCK", BlockMs.ToString(CultureInfo.InvariantCulture), "STREAMS" };
        arguments.AddRange(_streams.Select(stream => (string)stream!));
        arguments.AddRange(positions.Select(position => position.ToString()));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stop);
        deadline.CancelAfter(TimeSpan.FromMilliseconds(BlockMs) + ReplyGrace);
        var reply = await connection.ExecuteAsync(arguments, deadline.Token).ConfigureAwait(false);
        var woken = new List<int>();
        if (reply is object?[] streams)
        {
            foreach (var stream in streams.OfType<object?[]>())
            {
                var index = Array.IndexOf(_streams, (RedisKey)(string?)stream[0]);
                if (index >= 0)
                {
                    woken.Add(buckets[index]);
                }
            }
        }

        return woken;
    }

    // The primary that holds the group's slot (all of them on a single Redis).
    private EndPoint Endpoint() =>
        redis.GetServer(_streams[0], flags: CommandFlags.DemandMaster).EndPoint;

    // A cluster moved the slot: "MOVED <slot> <host>:<port>".
    private static EndPoint? MovedTo(Exception ex) =>
        ex is RedisServerException { Kind: RedisErrorKind.Moved }
            ? EndPointCollection.TryParse(ex.Message.Split(' ')[^1])
            : null;
}
