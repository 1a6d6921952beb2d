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

    public Task<ApplyOutcome[]> ApplyBatchAsync(IReadOnlyList<RoomEvent> roomEvents, CancellationToken cancellationToken) =>
        _store.Value.ApplyBatchAsync(roomEvents, cancellationToken);
}
