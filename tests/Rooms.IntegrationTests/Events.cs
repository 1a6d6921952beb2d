using KafkaRooms.Rooms.Contract;

namespace KafkaRooms.Rooms.IntegrationTests;

/// <summary>Short builders for hand-written examples.</summary>
public static class Events
{
    public const long T0 = StateHarness.Now - 60_000;

    public static RoomEvent Created(string room, ulong session, long time, string creator = "host", uint app = 1) => new()
    {
        Kind = RoomEventKind.RoomCreated, AppId = app, RoomId = room, RoomSession = session, TimeMs = time, Creator = creator,
    };

    public static RoomEvent Closed(string room, ulong session, long time, uint app = 1) => new()
    {
        Kind = RoomEventKind.RoomClosed, AppId = app, RoomId = room, RoomSession = session, TimeMs = time, CloseReason = 0,
    };

    public static RoomEvent Login(
        string room, ulong session, long time, string user, string userSession, string nickname = "nick", string role = "1", uint app = 1) => new()
    {
        Kind = RoomEventKind.UserLoggedIn, AppId = app, RoomId = room, RoomSession = session, TimeMs = time,
        UserAccount = user, UserSession = userSession, Nickname = nickname, Role = role,
    };

    public static RoomEvent Logout(string room, ulong session, long time, string user, string userSession, uint app = 1) => new()
    {
        Kind = RoomEventKind.UserLoggedOut, AppId = app, RoomId = room, RoomSession = session, TimeMs = time,
        UserAccount = user, UserSession = userSession, Reason = "0",
    };
}
