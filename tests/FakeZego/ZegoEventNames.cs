using KafkaRooms.Rooms.Contract;

namespace KafkaRooms.FakeZego;

/// <summary>ZEGO's names of the four room callbacks this project tracks.</summary>
public static class ZegoEventNames
{
    public const string RoomCreate = "room_create";
    public const string RoomClose = "room_close";
    public const string Login = "room_login";
    public const string Logout = "room_logout";

    public static string Of(RoomEventKind kind) => kind switch
    {
        RoomEventKind.RoomCreated => RoomCreate,
        RoomEventKind.RoomClosed => RoomClose,
        RoomEventKind.UserLoggedIn => Login,
        _ => Logout,
    };
}
