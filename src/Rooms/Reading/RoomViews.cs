namespace KafkaRooms.Rooms.Reading;

/// <summary>
/// An open room. <paramref name="LastEventMs"/>: the newest time of any applied event of its open
/// lifecycle (docs/redis-schema.md, "Freshness"); its create time when Redis has none recorded.
/// </summary>
public sealed record RoomSummaryView(string RoomId, ulong RoomSession, long CreateTimeMs, string Creator, long OnlineCount, long LastEventMs);

public sealed record RoomView(RoomSummaryView Room, IReadOnlyList<RoomUserView> Users);

public sealed record RoomUserView(string UserAccount, string Nickname, string Role, long LoginTimeMs);

/// <summary>
/// One page of the room list. <paramref name="ChangesCursor"/>, on the last page only (no
/// <paramref name="NextCursor"/>): where the change feed continues the list (docs/change-feed.md).
/// </summary>
public sealed record RoomListPage(IReadOnlyList<RoomSummaryView> Rooms, string? NextCursor, string? ChangesCursor = null);

/// <summary>
/// A lifecycle with pending user data: users who arrived before its RoomCreated (docs/redis-schema.md,
/// "Pending lifecycles"). <paramref name="OldestPendingMs"/>: the oldest time of its pending user events.
/// </summary>
public sealed record PendingLifecycleView(string RoomId, ulong RoomSession, long OldestPendingMs, long OnlineCount);
