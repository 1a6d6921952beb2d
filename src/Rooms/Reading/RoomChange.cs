namespace KafkaRooms.Rooms.Reading;

/// <summary>
/// One visible change of an app's rooms, as the Worker appended it to its bucket's stream
/// (docs/redis-schema.md, "Change feed"). <paramref name="Cursor"/> is the feed position just
/// after this change: resume from it to read what follows, nothing of what came before.
/// </summary>
/// <param name="TimeMs">The event time: the create, close, login or logout (Unix ms).</param>
/// <param name="UserAccount">For <see cref="RoomChangeKind.UserJoined"/> and <see cref="RoomChangeKind.UserLeft"/>.</param>
/// <param name="OnlineCount">The room's online users after a user change.</param>
/// <param name="Creator">For <see cref="RoomChangeKind.RoomOpened"/>.</param>
/// <param name="Reason">For <see cref="RoomChangeKind.RoomClosed"/>: <c>closed</c> or <c>superseded</c>.</param>
/// <param name="Nickname">For <see cref="RoomChangeKind.UserJoined"/>.</param>
public sealed record RoomChange(
    RoomChangeKind Kind,
    string RoomId,
    ulong RoomSession,
    long TimeMs,
    string? UserAccount,
    long? OnlineCount,
    string? Creator,
    string? Reason,
    string? Nickname,
    string Cursor);
