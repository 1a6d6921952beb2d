using KafkaRooms.Rooms.Contract;

namespace KafkaRooms.ReadApi.IntegrationTests;

/// <summary>Room events of app 1 (unless told) the read API tests write with the real rule scripts.</summary>
internal static class SampleEvents
{
    public const uint App = 1;

    public static long T0 => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000;

    public static RoomEvent Created(string room, ulong session, long t, uint app = App) => new()
    {
        Kind = RoomEventKind.RoomCreated, AppId = app, RoomId = room, RoomSession = session, TimeMs = t, Creator = $"creator of {room}",
    };

    public static RoomEvent Closed(string room, ulong session, long t) => new()
    {
        Kind = RoomEventKind.RoomClosed, AppId = App, RoomId = room, RoomSession = session, TimeMs = t, CloseReason = 0,
    };

    public static RoomEvent LoggedIn(string room, ulong session, string user, long t) => new()
    {
        Kind = RoomEventKind.UserLoggedIn, AppId = App, RoomId = room, RoomSession = session, TimeMs = t,
        UserAccount = user, UserSession = $"s-{user}", Nickname = $"nick {user}", Role = "1",
    };

    public static RoomEvent LoggedOut(string room, ulong session, string user, long t) => new()
    {
        Kind = RoomEventKind.UserLoggedOut, AppId = App, RoomId = room, RoomSession = session, TimeMs = t,
        UserAccount = user, UserSession = $"s-{user}", Reason = "0",
    };
}
