using KafkaRooms.Rooms.Contract;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace KafkaRooms.Rooms.Redis;

/// <summary>
/// Applies events to Redis, one atomic script call each (RULES.md). Redis failures surface as
/// <see cref="RedisException"/> / <see cref="RedisTimeoutException"/> so the caller can retry;
/// an invalid event (see <see cref="RoomEventValidator"/>) throws <see cref="RoomEventRejectedException"/>
/// before anything is sent; a batch holding one is refused as a whole, so validate first.
/// </summary>
public sealed class RoomStore
{
    /// <summary>Script calls in flight at once within a batch; bounds client memory and timeouts.</summary>
    public const int MaxInFlight = 2048;

    private readonly IConnectionMultiplexer _redis;
    private readonly RoomStateOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly RoomKeySchema _keys;

    public RoomStore(IConnectionMultiplexer redis, IOptions<RoomStateOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _redis = redis;
        _options = options.Value;
        _timeProvider = timeProvider;
        _keys = new RoomKeySchema(_options.KeyPrefix, _options.BucketCount);
    }

    public RoomKeySchema Keys => _keys;

    public async Task<ApplyOutcome> ApplyAsync(RoomEvent roomEvent, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var now = _timeProvider.GetUtcNow();
        Validate(roomEvent, now);
        return ToOutcome(await Evaluate(roomEvent, now).ConfigureAwait(false), roomEvent);
    }

    /// <summary>Applies many events with many script calls in flight; results in input order.</summary>
    /// <remarks>
    /// The rules are order-independent, so calls are not sequenced: up to two windows of
    /// <see cref="MaxInFlight"/> calls are outstanding, and the next window is sent while the
    /// oldest one is awaited. Calls of one room may even run in another order than given
    /// (a NOSCRIPT retry goes to the back of the queue); the outcome of each is still the rules'.
    /// </remarks>
    public async Task<ApplyOutcome[]> ApplyBatchAsync(IReadOnlyList<RoomEvent> roomEvents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(roomEvents);
        var count = roomEvents.Count;
        // Refuse an invalid batch before anything of it is sent.
        var validatedAt = _timeProvider.GetUtcNow();
        foreach (var roomEvent in roomEvents)
        {
            Validate(roomEvent, validatedAt);
        }

        var outcomes = new ApplyOutcome[count];
        var calls = new Task<RedisResult>[count];
        var issued = 0;
        var done = 0;
        while (done < count)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var now = _timeProvider.GetUtcNow();
            for (; issued < count && issued - done < 2 * MaxInFlight; issued++)
            {
                calls[issued] = Evaluate(roomEvents[issued], now);
            }

            var end = Math.Min(done + MaxInFlight, issued);
            await Task.WhenAll(new ArraySegment<Task<RedisResult>>(calls, done, end - done)).ConfigureAwait(false);
            for (; done < end; done++)
            {
                outcomes[done] = ToOutcome(calls[done].Result, roomEvents[done]);
            }
        }

        return outcomes;
    }

    private void Validate(RoomEvent e, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(e);
        var violation = RoomEventValidator.Validate(e, now, _options.MaxClockSkew);
        if (violation is not null)
        {
            throw new RoomEventRejectedException($"{e.Kind.ToWireName()} for room {e.RoomId}: {violation.Field} {violation.Problem}");
        }
    }

    private Task<RedisResult> Evaluate(RoomEvent e, DateTimeOffset now)
    {
        e = InformationalFields.Clean(e); // no separator reaches a record (docs/redis-schema.md), whoever the caller
        var db = _redis.GetDatabase();
        var bucket = _keys.Bucket(e.AppId, e.RoomId);
        var session = e.RoomSessionText;
        var rooms = _keys.Rooms(e.AppId, bucket);
        var tombstone = _keys.Tombstone(e.AppId, e.RoomId);
        var users = _keys.Users(e.AppId, e.RoomId);
        var pending = _keys.Pending(e.AppId, e.RoomId, session);
        var nowMs = now.ToUnixTimeMilliseconds();
        var maxAge = (long)_options.EffectiveMaxEventAge.TotalMilliseconds;
        var maxSkew = (long)_options.MaxClockSkew.TotalMilliseconds;
        var retention = (long)_options.TombstoneRetention.TotalMilliseconds;
        return e.Kind switch
        {
            RoomEventKind.RoomCreated => RoomScripts.RoomCreated.EvaluateAsync(db, new
            {
                rooms, tombstone, users, pending,
                room = e.RoomId, session, time = e.TimeMs, creator = e.Creator ?? "",
                now = nowMs, maxAge, maxSkew,
            }),
            RoomEventKind.RoomClosed => RoomScripts.RoomClosed.EvaluateAsync(db, new
            {
                rooms, tombstone, users, pending,
                room = e.RoomId, session, time = e.TimeMs,
                now = nowMs, maxAge, maxSkew, retention,
            }),
            RoomEventKind.UserLoggedIn => RoomScripts.UserLoggedIn.EvaluateAsync(db, new
            {
                rooms, tombstone, users, pending,
                room = e.RoomId, session, time = e.TimeMs, account = e.UserAccount, userSession = e.UserSession,
                now = nowMs, maxAge, maxSkew, retention,
                role = e.Role ?? "", nickname = e.Nickname ?? "",
            }),
            RoomEventKind.UserLoggedOut => RoomScripts.UserLoggedOut.EvaluateAsync(db, new
            {
                rooms, tombstone, users, pending,
                room = e.RoomId, session, time = e.TimeMs, account = e.UserAccount, userSession = e.UserSession,
                now = nowMs, maxAge, maxSkew, retention,
            }),
            _ => throw new RoomEventRejectedException($"Unknown event kind {e.Kind}."),
        };
    }

    private static ApplyOutcome ToOutcome(RedisResult result, RoomEvent e) => result.ToString() switch
    {
        "applied" => ApplyOutcome.Applied,
        "duplicate" => ApplyOutcome.Duplicate,
        "stale" => ApplyOutcome.Stale,
        "expired" => ApplyOutcome.Expired,
        "future" => throw new RoomEventRejectedException($"{e.Kind.ToWireName()} for room {e.RoomId}: time {e.TimeMs} lies too far in the future."),
        var other => throw new InvalidOperationException($"Rule script answered '{other}' for {e.Kind.ToWireName()}."),
    };
}
