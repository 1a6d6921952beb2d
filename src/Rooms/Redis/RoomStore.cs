using KafkaRooms.Rooms.Contract;

namespace KafkaRooms.Rooms.Redis;

/// <summary>Applies events to Redis, one atomic script call each (RULES.md).</summary>
public sealed class RoomStore
{
    // SKELETON: filled in by the Redis state issue.
    public Task<ApplyOutcome> ApplyAsync(RoomEvent roomEvent, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>Applies many events with many script calls in flight; results in input order.</summary>
    public Task<ApplyOutcome[]> ApplyBatchAsync(IReadOnlyList<RoomEvent> roomEvents, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();
}
