using System.Diagnostics.CodeAnalysis;
using KafkaRooms.Rooms.Contract;
using KafkaRooms.Rooms.Redis;

namespace KafkaRooms.Worker.Consuming;

/// <summary>Where events are applied: the Redis room store in production.</summary>
internal interface IRoomEventSink
{
    /// <summary>
    /// Applies events <see cref="MessageDecoder"/> has validated and cleaned. Outcomes in input
    /// order; throws when the batch could not be applied completely.
    /// </summary>
    Task<ApplyOutcome[]> ApplyBatchAsync(IReadOnlyList<RoomEvent> roomEvents, CancellationToken cancellationToken);

    /// <summary>
    /// Applies the events on the calling thread if it can; false (possibly with some of them
    /// applied) when they must go through <see cref="ApplyBatchAsync"/>.
    /// </summary>
    bool TryApplyBatchInline(IReadOnlyList<RoomEvent> roomEvents, [NotNullWhen(true)] out ApplyOutcome[]? outcomes);
}

/// <summary>
/// The Redis room store, resolved on first use: connecting to Redis can take seconds (or wait
/// for Redis to come up), which must not hold up the host's start.
/// </summary>
internal sealed class RoomStoreSink(Func<RoomStore> resolve) : IRoomEventSink
{
    // PublicationOnly: a failed resolution is tried again on the next batch instead of being cached.
    private readonly Lazy<RoomStore> _store = new(resolve, LazyThreadSafetyMode.PublicationOnly);

    // Batches start on the poll thread; the first one resolves the store on the thread pool so a
    // slow Redis connect never holds up polling. The decoder has validated and cleaned every
    // event with the store's own clock skew bound, so the store does not do it a second time.
    public Task<ApplyOutcome[]> ApplyBatchAsync(IReadOnlyList<RoomEvent> roomEvents, CancellationToken cancellationToken) =>
        _store.IsValueCreated
            ? _store.Value.ApplyValidatedBatchAsync(roomEvents, cancellationToken)
            : Task.Run(() => _store.Value.ApplyValidatedBatchAsync(roomEvents, cancellationToken), cancellationToken);

    public bool TryApplyBatchInline(IReadOnlyList<RoomEvent> roomEvents, [NotNullWhen(true)] out ApplyOutcome[]? outcomes)
    {
        outcomes = null;
        return _store.IsValueCreated && _store.Value.TryApplyValidatedBatchInline(roomEvents, out outcomes);
    }
}
