using KafkaRooms.Rooms.Contract;
using KafkaRooms.Rooms.Redis;

namespace KafkaRooms.Worker.Consuming;

/// <summary>Where events are applied: the Redis room store in production.</summary>
internal interface IRoomEventSink
{
    /// <summary>Outcomes in input order; throws when the batch could not be applied completely.</summary>
    Task<ApplyOutcome[]> ApplyBatchAsync(IReadOnlyList<RoomEvent> roomEvents, CancellationToken cancellationToken);
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
    // slow Redis connect never holds up polling.
    public Task<ApplyOutcome[]> ApplyBatchAsync(IReadOnlyList<RoomEvent> roomEvents, CancellationToken cancellationToken) =>
        _store.IsValueCreated
            ? _store.Value.ApplyBatchAsync(roomEvents, cancellationToken)
            : Task.Run(() => _store.Value.ApplyBatchAsync(roomEvents, cancellationToken), cancellationToken);
}
