using KafkaRooms.Rooms.Contract;
using KafkaRooms.Rooms.Redis;

namespace KafkaRooms.Worker.Consuming;

/// <summary>Where events are applied: the Redis room store in production.</summary>
internal interface IRoomEventSink
{
    /// <summary>Outcomes in input order; throws when the batch could not be applied completely.</summary>
    Task<ApplyOutcome[]> ApplyBatchAsync(IReadOnlyList<RoomEvent> roomEvents, CancellationToken cancellationToken);
}

internal sealed class RoomStoreSink(RoomStore store) : IRoomEventSink
{
    public Task<ApplyOutcome[]> ApplyBatchAsync(IReadOnlyList<RoomEvent> roomEvents, CancellationToken cancellationToken) =>
        store.ApplyBatchAsync(roomEvents, cancellationToken);
}
