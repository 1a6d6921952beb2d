using KafkaRooms.Rooms.Contract;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace KafkaRooms.Rooms.Redis;

/// <summary>
/// Applies events to Redis with the batched rule script (docs/rules.md §5, docs/redis-schema.md):
/// one atomic call applies the events of one bucket. Redis failures surface as
/// <see cref="RedisException"/> / <see cref="RedisTimeoutException"/> so the caller can retry;
/// an invalid event (see <see cref="RoomEventValidator"/>) throws <see cref="RoomEventRejectedException"/>
/// before anything is sent; a batch holding one is refused as a whole, so validate first.
/// </summary>
public sealed class RoomStore
{
    /// <summary>Script calls in flight at once within a batch; bounds client memory and timeouts.</summary>
    public const int MaxCallsInFlight = 256;

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

    public async Task<ApplyOutcome> ApplyAsync(RoomEvent roomEvent, CancellationToken cancellationToken = default) =>
        (await ApplyBatchAsync([roomEvent], cancellationToken).ConfigureAwait(false))[0];

    /// <summary>Applies many events, one script call per bucket (split past <see cref="RoomStateOptions.MaxEventsPerCall"/>); results in input order.</summary>
    /// <remarks>
    /// Every event is validated (<see cref="RoomEventValidator"/>) and its informational fields are
    /// cleaned (<see cref="InformationalFields"/>) first, whoever the caller. Inside a call the
    /// events of a bucket are applied in input order. The rules are order-independent, so calls
    /// are not sequenced: up to <see cref="MaxCallsInFlight"/> are outstanding, and calls of one
    /// bucket may even run in another order than given (a NOSCRIPT retry goes to the back of the
    /// queue); the outcome of each event is still the rules'.
    /// </remarks>
    public async Task<ApplyOutcome[]> ApplyBatchAsync(IReadOnlyList<RoomEvent> roomEvents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(roomEvents);
        // Refuse an invalid batch before anything of it is sent; informational fields are cleaned,
        // never refused (docs/rules.md §4), so no separator reaches a record whoever the caller.
        var validatedAt = _timeProvider.GetUtcNow();
        var cleaned = new RoomEvent[roomEvents.Count];
        for (var i = 0; i < cleaned.Length; i++)
        {
            Validate(roomEvents[i], validatedAt);
            cleaned[i] = InformationalFields.Clean(roomEvents[i]);
        }

        return await ApplyValidatedBatchAsync(cleaned, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <see cref="ApplyBatchAsync"/> for events the caller has ALREADY validated with
    /// <see cref="RoomEventValidator.Validate"/> (against this store's <see cref="RoomStateOptions.MaxClockSkew"/>)
    /// and cleaned with <see cref="InformationalFields.Clean(RoomEvent)"/>: the Worker's decoder does
    /// both for every message, so its events are not checked twice. Nothing here checks them again;
    /// an event that skipped those steps could put a separator into a record (docs/redis-schema.md).
    /// The script still judges every event's time against its own clock (too old: expired; too far
    /// in the future: <see cref="RoomEventRejectedException"/>, nothing of that event applied).
    /// </summary>
    public async Task<ApplyOutcome[]> ApplyValidatedBatchAsync(IReadOnlyList<RoomEvent> roomEvents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(roomEvents);
        var calls = ApplyCall.Plan(roomEvents, _keys, _options.MaxEventsPerCall);
        var answers = new Task<RedisResult>[calls.Count];
        var db = _redis.GetDatabase();
        var header = Header();
        for (var first = 0; first < calls.Count; first += MaxCallsInFlight)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var end = Math.Min(calls.Count, first + MaxCallsInFlight);
            if (first > 0)
            {
                await Task.WhenAll(answers.AsSpan(first - MaxCallsInFlight, MaxCallsInFlight)).ConfigureAwait(false);
            }

            // One write (and one socket send per server) for a group of calls: under a trickle a
            // batch is about one call per event, and each call flushed alone was a system call.
            var batch = db.CreateBatch();
            for (var c = first; c < end; c++)
            {
                var (keys, args) = calls[c].Build(roomEvents, _keys, header);
                answers[c] = RoomScripts.ApplyBatchBySha.EvaluateAsync(batch, db, keys, args);
            }

            batch.Execute();
        }

        await Task.WhenAll(answers).ConfigureAwait(false);
        var outcomes = new ApplyOutcome[roomEvents.Count];
        RoomEvent? future = null;
        for (var c = 0; c < calls.Count; c++)
        {
            var codes = (string)answers[c].Result!;
            var indexes = calls[c].Indexes;
            for (var j = 0; j < indexes.Count; j++)
            {
                var outcome = ApplyCall.Outcome(codes[j]);
                future ??= outcome is null ? roomEvents[indexes[j]] : null;
                outcomes[indexes[j]] = outcome ?? default;
            }
        }

        // Only if the validator and the script disagree; the script changed nothing for it.
        return future is null
            ? outcomes
            : throw new RoomEventRejectedException($"{future.Kind.ToWireName()} for room {future.RoomId}: time {future.TimeMs} lies too far in the future.");
    }

    private ApplyCallHeader Header() => new(
        _timeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
        (long)_options.EffectiveMaxEventAge.TotalMilliseconds,
        (long)_options.MaxClockSkew.TotalMilliseconds,
        (long)_options.TombstoneRetention.TotalMilliseconds,
        _options.ChangeFeedMaxLength);

    private void Validate(RoomEvent e, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (!Enum.IsDefined(e.Kind))
        {
            throw new RoomEventRejectedException($"Unknown event kind {e.Kind} for room {e.RoomId}.");
        }

        var violation = RoomEventValidator.Validate(e, now, _options.MaxClockSkew);
        if (violation is not null)
        {
            throw new RoomEventRejectedException($"{e.Kind.ToWireName()} for room {e.RoomId}: {violation.Field} {violation.Problem}");
        }
    }
}
