using KafkaRooms.Rooms.Contract;

namespace KafkaRooms.Ingest.Callbacks;

/// <summary>ZEGO's <c>event</c> values for the four callbacks that change room state.</summary>
internal static class ZegoEventNames
{
    public const string RoomCreate = "room_create";
    public const string RoomClose = "room_close";
    public const string RoomLogin = "room_login";
    public const string RoomLogout = "room_logout";

    /// <summary>The event kind, or null for a callback the project does not track (stream_create, ...).</summary>
    public static RoomEventKind? TrackedKind(string eventName) => eventName switch
    {
        RoomCreate => RoomEventKind.RoomCreated,
        RoomClose => RoomEventKind.RoomClosed,
        RoomLogin => RoomEventKind.UserLoggedIn,
        RoomLogout => RoomEventKind.UserLoggedOut,
        _ => null,
    };

    /// <summary>The ZEGO name of a tracked kind (metric tags).</summary>
    public static string Of(RoomEventKind kind) => kind switch
    {
        RoomEventKind.RoomCreated => RoomCreate,
        RoomEventKind.RoomClosed => RoomClose,
        RoomEventKind.UserLoggedIn => RoomLogin,
        _ => RoomLogout,
    };
}
