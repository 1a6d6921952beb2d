namespace KafkaRooms.Rooms.Reading;

/// <summary>The read side for game servers: open rooms and their online users.</summary>
public sealed class RoomReader
{
    // SKELETON: filled in by the Redis state issue.
    public Task<RoomView?> GetRoomAsync(uint appId, string roomId, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>Every open room exactly once across pages; <paramref name="cursor"/> null starts.</summary>
    public Task<RoomListPage> ListRoomsAsync(uint appId, int limit, string? cursor, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>The online users of an open room; null when the room is not open.</summary>
    public Task<IReadOnlyList<RoomUserView>?> ListUsersAsync(uint appId, string roomId, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();
}

public sealed record RoomSummaryView(string RoomId, ulong RoomSession, long CreateTimeMs, string Creator, long OnlineCount);

public sealed record RoomView(RoomSummaryView Room, IReadOnlyList<RoomUserView> Users);

public sealed record RoomUserView(string UserAccount, string Nickname, string Role, long LoginTimeMs);

public sealed record RoomListPage(IReadOnlyList<RoomSummaryView> Rooms, string? NextCursor);
