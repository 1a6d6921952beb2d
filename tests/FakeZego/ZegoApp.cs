using System.Globalization;
using KafkaRooms.Rooms.Contract;

namespace KafkaRooms.FakeZego;

/// <summary>
/// One ZEGO project (appid and callback secret) as tests and tools see it: it writes the room
/// callbacks ZEGO would send, signed with its secret.
/// </summary>
public sealed class ZegoApp(uint appId, string callbackSecret)
{
    public uint AppId => appId;

    public string CallbackSecret => callbackSecret;

    /// <summary>A callback with only <c>event</c> and <c>appid</c>; add fields, then <see cref="ZegoCallback.Signed"/>.</summary>
    public ZegoCallback Event(string eventName) => new(eventName, appId, callbackSecret);

    public ZegoCallback RoomCreate(string roomId, string sessionToken, long timeMs, string creator = "creator-1") =>
        Event(ZegoEventNames.RoomCreate).Text("room_id", roomId).Number("room_session_id", sessionToken)
            .Text("room_create_time", Ms(timeMs)).Text("id_name", creator);

    public ZegoCallback RoomClose(string roomId, string sessionToken, long timeMs, uint closeReason = 0) =>
        Event(ZegoEventNames.RoomClose).Text("room_id", roomId).Number("room_session_id", sessionToken)
            .Text("room_close_time", Ms(timeMs)).Number("close_reason", closeReason.ToString(CultureInfo.InvariantCulture));

    public ZegoCallback Login(string roomId, string roomSeq, string user, string userSession, long timeMs) =>
        Event(ZegoEventNames.Login).Text("room_id", roomId).Text("room_seq", roomSeq).Text("user_account", user)
            .Text("user_nickname", $"nick {user}").Text("session_id", userSession).Text("login_time", Ms(timeMs))
            .Text("user_role", "2").Text("auth_level", "0").Text("relogin", "0").Text("user_update_seq", "1").Text("room_name", "the room");

    public ZegoCallback Logout(string roomId, string roomSeq, string user, string userSession, long timeMs) =>
        Event(ZegoEventNames.Logout).Text("room_id", roomId).Text("room_seq", roomSeq).Text("user_account", user)
            .Text("user_nickname", $"nick {user}").Text("session_id", userSession).Text("login_time", Ms(timeMs - 1000))
            .Text("logout_time", Ms(timeMs)).Text("reason", "0");

    /// <summary>
    /// The callback ZEGO sends for an event of the contract (its app id is replaced by this
    /// app's): room_session_id a JSON number, room_seq a string, every string URL-encoded.
    /// </summary>
    public ZegoCallback For(RoomEvent e)
    {
        var time = Ms(e.TimeMs);
        var session = e.RoomSessionText;
        return e.Kind switch
        {
            RoomEventKind.RoomCreated => Event(ZegoEventNames.RoomCreate).Text("room_id", e.RoomId).Number("room_session_id", session)
                .Text("room_create_time", time).Text("id_name", e.Creator ?? ""),
            RoomEventKind.RoomClosed => Event(ZegoEventNames.RoomClose).Text("room_id", e.RoomId).Number("room_session_id", session)
                .Text("room_close_time", time).Number("close_reason", (e.CloseReason ?? 0).ToString(CultureInfo.InvariantCulture)),
            RoomEventKind.UserLoggedIn => User(ZegoEventNames.Login, e, session).Text("login_time", time),
            _ => User(ZegoEventNames.Logout, e, session).Text("logout_time", time).Text("reason", e.Reason ?? "0"),
        };
    }

    private ZegoCallback User(string eventName, RoomEvent e, string session) =>
        Event(eventName).Text("room_id", e.RoomId).Text("room_seq", session).Text("user_account", e.UserAccount ?? "")
            .Text("session_id", e.UserSession ?? "").Text("user_nickname", e.Nickname ?? "").Text("user_role", e.Role ?? "");

    private static string Ms(long timeMs) => timeMs.ToString(CultureInfo.InvariantCulture);
}
