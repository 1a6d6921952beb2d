using KafkaRooms.Rooms.Contract;

namespace KafkaRooms.Reconciliation.IntegrationTests;

/// <summary>Hand-written callbacks of app <see cref="App"/>, received when they happened.</summary>
internal static class Callbacks
{
    public const uint App = 7;

    public static RoomEvent Created(string room, ulong session, long time) =>
        Room(RoomEventKind.RoomCreated, room, session, time) with { Creator = "host" };

    public static RoomEvent Closed(string room, ulong session, long time) =>
        Room(RoomEventKind.RoomClosed, room, session, time) with { CloseReason = 0 };

    public static RoomEvent Login(string room, ulong session, long time, string user, string userSession) =>
        Room(RoomEventKind.UserLoggedIn, room, session, time) with
        {
            UserAccount = user, UserSession = userSession, Nickname = $"nick {user}", Role = "1",
        };

    public static RoomEvent Logout(string room, ulong session, long time, string user, string userSession) =>
        Room(RoomEventKind.UserLoggedOut, room, session, time) with { UserAccount = user, UserSession = userSession };

    private static RoomEvent Room(RoomEventKind kind, string room, ulong session, long time) => new()
    {
        Kind = kind, AppId = App, RoomId = room, RoomSession = session, TimeMs = time, ReceivedMs = time,
    };
}
