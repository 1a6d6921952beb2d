namespace KafkaRooms.Rooms.Reading;

/// <summary>What a change of the feed did (docs/redis-schema.md, "Change feed"; wire names in <see cref="RoomChangeKinds"/>).</summary>
public enum RoomChangeKind
{
    /// <summary>A lifecycle opened: the room is listed with this session, no users yet.</summary>
    RoomOpened,

    /// <summary>The open lifecycle ended (its close, or a newer lifecycle superseded it); its users are gone with it.</summary>
    RoomClosed,

    /// <summary>A user became visible in the room's open lifecycle.</summary>
    UserJoined,

    /// <summary>A user's last online user session logged out.</summary>
    UserLeft,
}

/// <summary>The stream's <c>kind</c> values, which are also the SSE event names.</summary>
public static class RoomChangeKinds
{
    public const string RoomOpened = "room_opened";
    public const string RoomClosed = "room_closed";
    public const string UserJoined = "user_joined";
    public const string UserLeft = "user_left";

    public static string WireName(this RoomChangeKind kind) => kind switch
    {
        RoomChangeKind.RoomOpened => RoomOpened,
        RoomChangeKind.RoomClosed => RoomClosed,
        RoomChangeKind.UserJoined => UserJoined,
        RoomChangeKind.UserLeft => UserLeft,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static bool TryParse(string? wireName, out RoomChangeKind kind)
    {
        (var known, kind) = wireName switch
        {
            RoomOpened => (true, RoomChangeKind.RoomOpened),
            RoomClosed => (true, RoomChangeKind.RoomClosed),
            UserJoined => (true, RoomChangeKind.UserJoined),
            UserLeft => (true, RoomChangeKind.UserLeft),
            _ => (false, default),
        };
        return known;
    }
}
