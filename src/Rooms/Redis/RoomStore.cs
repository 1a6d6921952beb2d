using System.Diagnostics.CodeAnalysis;
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
public sealed class RoomStore : IDisposable
{
    /// <summary>Script calls in flight at once within a batch on the StackExchange.Redis path; bounds its queue and timeouts.</summary>
    public const int MaxCallsInFlight = 256;

    private readonly IConnectionMultiplexer _redis;
    private readonly RoomStateOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly RoomKeySchema _keys;
    private readonly InlineScriptCalls _inline;
    private readonly PipelinedScriptCalls _pipeline;

    public RoomStore(IConnectionMultiplexer redis, IOptions<RoomStateOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _redis = redis;
        _options = options.Value;
        _timeProvider = timeProvider;
        _keys = new RoomKeySchema(_options.KeyPrefix, _options.BucketCount);
        _inline = new InlineScriptCalls(redis, timeProvider, InlineTimeout);
        _pipeline = new PipelinedScriptCalls(redis, timeProvider, PipelineTimeout);
    }

    /// <summary>How long <see cref="TryApplyValidatedBatchInline"/> waits for Redis before it gives up on a batch.</summary>
    public static readonly TimeSpan InlineTimeout = TimeSpan.FromSeconds(2);

    /// <summary>How long the pipelined path waits for the next answer while calls are outstanding before it gives up on them.</summary>
    public static readonly TimeSpan PipelineTimeout = TimeSpan.FromSeconds(5);

    public RoomKeySchema Keys => _keys;

    public async Task<ApplyOutcome> ApplyAsync(RoomEvent roomEvent, CancellationToken cancellationToken = default) =>
        (await ApplyBatchAsync([roomEvent], cancellationToken).ConfigureAwait(false))[0];

    /// <summary>Applies many events, one script call per bucket (split past <see cref="RoomStateOptions.MaxEventsPerCall"/>); results in input order.</summary>
    /// <remarks>
    /// Every event is validated (<see cref="RoomEventValidator"/>) and its informational fields are
    /// cleaned (<see cref="InformationalFields"/>) first, whoever the caller. Inside a call the
    /// events of a bucket are applied in input order. The rules are order-independent, so calls
    /// are not sequenced: all of them go out at once over the pipelined connections (docs/worker.md,
    /// "Applying a batch"), or up to <see cref="MaxCallsInFlight"/> at a time through
    /// StackExchange.Redis, which is also the fallback when a pipelined call does not answer; calls
    /// of one bucket may even run in another order than given (a NOSCRIPT retry goes to the back of
    /// the queue); the outcome of each event is still the rules'.
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
        // Built once: a pipelined batch that did not go through is made the usual way with the same calls.
        var built = Build(roomEvents, calls);
        if (_options.PipelinedScriptCalls && _pipeline.Ready
            && await _pipeline.CallAsync(RoomScripts.ApplyBatchBySha.Sha1HexAscii, built).WaitAsync(cancellationToken).ConfigureAwait(false) is { } pipelined)
        {
            return Checked(Outcomes(roomEvents, calls, pipelined, out var refused), refused);
        }

        var answers = new Task<RedisResult>[calls.Count];
        var db = _redis.GetDatabase();
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
                answers[c] = RoomScripts.ApplyBatchBySha.EvaluateAsync(batch, db, built[c].Keys, built[c].Args);
            }

            batch.Execute();
        }

        await Task.WhenAll(answers).ConfigureAwait(false);
        var codes = new string[calls.Count];
        for (var c = 0; c < calls.Count; c++)
        {
            codes[c] = (string)answers[c].Result!;
        }

        return Checked(Outcomes(roomEvents, calls, codes, out var future), future);
    }

    // Only if the validator and the script disagree; the script changed nothing for that event.
    private static ApplyOutcome[] Checked(ApplyOutcome[] outcomes, RoomEvent? future) =>
        future is null
            ? outcomes
            : throw new RoomEventRejectedException($"{future.Kind.ToWireName()} for room {future.RoomId}: time {future.TimeMs} lies too far in the future.");

    /// <summary>
    /// <see cref="ApplyValidatedBatchAsync"/> on the calling thread, for a small batch under a
    /// trickle (docs/worker.md, "Under a trickle"): the calls go out in one write per primary over
    /// a blocking connection and the thread waits for their answers (at most <see cref="InlineTimeout"/>),
    /// with no hand-off to other threads. Returns false when it could not be done that way (Redis
    /// slow or unreachable, a script not loaded, a slot moved, TLS, an event the script finds in the
    /// future, another thread inline at the same time): some of the events may then have been
    /// applied, and the caller applies the whole batch with <see cref="ApplyValidatedBatchAsync"/>,
    /// where the rules make those a duplicate (docs/rules.md §5).
    /// </summary>
    public bool TryApplyValidatedBatchInline(IReadOnlyList<RoomEvent> roomEvents, [NotNullWhen(true)] out ApplyOutcome[]? outcomes)
    {
        ArgumentNullException.ThrowIfNull(roomEvents);
        outcomes = null;
        if (!_inline.Ready)
        {
            return false;
        }

        var calls = ApplyCall.Plan(roomEvents, _keys, _options.MaxEventsPerCall);
        var built = Build(roomEvents, calls);

        if (_inline.TryCall(RoomScripts.ApplyBatchBySha.Sha1HexAscii, built) is not { } codes)
        {
            return false;
        }

        var decoded = Outcomes(roomEvents, calls, codes, out var future);
        outcomes = future is null ? decoded : null;
        return outcomes is not null;
    }

    /// <summary>Closes the inline and pipelined paths' connections (the shared multiplexer is not the store's).</summary>
    public void Dispose()
    {
        _inline.Dispose();
        _pipeline.Dispose();
    }

    private static ApplyOutcome[] Outcomes(IReadOnlyList<RoomEvent> roomEvents, List<ApplyCall> calls, string[] codes, out RoomEvent? future)
    {
        var outcomes = new ApplyOutcome[roomEvents.Count];
        future = null;
        for (var c = 0; c < calls.Count; c++)
        {
            var indexes = calls[c].Indexes;
            for (var j = 0; j < indexes.Count; j++)
            {
                var outcome = ApplyCall.Outcome(codes[c][j]);
                future ??= outcome is null ? roomEvents[indexes[j]] : null;
                outcomes[indexes[j]] = outcome ?? default;
            }
        }

        return outcomes;
    }

    /// <summary>Every call's KEYS and ARGV, with this store's clock and bounds in the header.</summary>
    private (RedisKey[] Keys, RedisValue[] Args)[] Build(IReadOnlyList<RoomEvent> roomEvents, List<ApplyCall> calls)
    {
        var header = Header();
        var built = new (RedisKey[] Keys, RedisValue[] Args)[calls.Count];
        for (var c = 0; c < calls.Count; c++)
        {
            built[c] = calls[c].Build(roomEvents, _keys, header);
        }

        return built;
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
