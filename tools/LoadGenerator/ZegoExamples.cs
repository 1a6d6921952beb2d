using KafkaRooms.Rooms.Contract;

namespace KafkaRooms.LoadGenerator;

/// <summary>
/// ZEGO's two out-of-order examples, with current times and fresh session ids so the demo can
/// run again and again: rooms c1 create, c2 close, c3 create again, delivered c3, c1, c2; users
/// (in the second lifecycle) c1 u1 login, c2 u2 login, c3 u1 logout, c4 u1 login again,
/// delivered c1, c4, c2, c3.
/// </summary>
internal sealed record ZegoExamples(IReadOnlyList<RoomEvent> Delivery, string RoomId, ulong OpenSession)
{
    public static ZegoExamples Create(uint appId, long nowMs, string roomId = "r1")
    {
        // Sessions above 2^53, growing with time, as ZEGO's are.
        var first = (ulong)nowMs * 10_000;
        var second = first + 1;
        RoomEvent Room(RoomEventKind kind, ulong session, long at) => new()
        {
            Kind = kind, AppId = appId, RoomId = roomId, RoomSession = session, TimeMs = at,
            Creator = kind == RoomEventKind.RoomCreated ? "host" : null,
            CloseReason = kind == RoomEventKind.RoomClosed ? 0 : null,
        };
        RoomEvent User(RoomEventKind kind, string account, string userSession, long at) => new()
        {
            Kind = kind, AppId = appId, RoomId = roomId, RoomSession = second, TimeMs = at,
            UserAccount = account, UserSession = userSession, Nickname = account.ToUpperInvariant(), Role = "1",
            Reason = kind == RoomEventKind.UserLoggedOut ? "0" : null,
        };

        var c1 = Room(RoomEventKind.RoomCreated, first, nowMs - 10_000);
        var c2 = Room(RoomEventKind.RoomClosed, first, nowMs - 8_000);
        var c3 = Room(RoomEventKind.RoomCreated, second, nowMs - 8_000); // re-created in the close's millisecond
        var u1 = User(RoomEventKind.UserLoggedIn, "u1", $"{first}-a", nowMs - 7_000);
        var u2 = User(RoomEventKind.UserLoggedIn, "u2", $"{first}-b", nowMs - 6_000);
        var u3 = User(RoomEventKind.UserLoggedOut, "u1", $"{first}-a", nowMs - 5_000);
        var u4 = User(RoomEventKind.UserLoggedIn, "u1", $"{first}-c", nowMs - 4_000);
        return new ZegoExamples([c3, c1, c2, u1, u4, u2, u3], roomId, second);
    }
}
