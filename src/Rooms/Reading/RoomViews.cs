namespace KafkaRooms.Rooms.Reading;

/// <summary>
/// An open room. <paramref name="LastEventMs"/>: the newest time of any applied event of its open
/// lifecycle (docs/redis-schema.md, "Freshness"); its create time when Redis has none recorded.
/// <paramref name="PendingSinceMs"/>: when users of a NEWER lifecycle of this room, whose create has
/// not arrived, started to come (the oldest time of their pending events; docs/redis-schema.md,
/// "Pending lifecycles"); null when there are none. <see cref="SuspicionRules"/> judges both.
/// </summary>
public sealed record RoomSummaryView(
    string RoomId, ulong RoomSession, long CreateTimeMs, string Creator, long OnlineCount, long LastEventMs, long? PendingSinceMs = null);

public sealed record RoomView(RoomSummaryView Room, IReadOnlyList<RoomUserView> Users);

public sealed record RoomUserView(string UserAccount, string Nickname, string Role, long LoginTimeMs);

/// <summary>An open room with every online user session (a user online from two devices has two).</summary>
public sealed record RoomSessionsView(RoomSummaryView Room, IReadOnlyList<RoomUserSessionView> OnlineSessions);

/// <summary>One online user session of a room's open lifecycle (docs/redis-schema.md, "User hash").</summary>
public sealed record RoomUserSessionView(string UserAccount, string UserSession, long LoginTimeMs, string Role, string Nickname);


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
