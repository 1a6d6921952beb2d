using System.Globalization;
using System.Net;
using System.Text.Json;
using KafkaRooms.Rooms.Contract;
using KafkaRooms.Rooms.Zego;

namespace KafkaRooms.LoadGenerator;

/// <summary>
/// Writes an event as ZEGO sends it: a JSON body whose string values are URL-encoded
/// (form-style), room_session_id as a JSON number, room_seq as a string, signed with the
/// app's callback secret.
/// </summary>
internal static class ZegoCallbackWriter
{
    public static byte[] Write(RoomEvent e, string secret, long timestampSeconds, string nonce)
    {
        var timestamp = timestampSeconds.ToString(CultureInfo.InvariantCulture);
        using var buffer = new MemoryStream(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("event", EventName(e.Kind));
            json.WriteNumber("appid", e.AppId);
            json.WriteNumber("timestamp", timestampSeconds);
            WriteText(json, "nonce", nonce);
            json.WriteString("signature", ZegoSignature.Compute(secret, timestamp, nonce));
            WriteText(json, "room_id", e.RoomId);
            var time = e.TimeMs.ToString(CultureInfo.InvariantCulture);
            switch (e.Kind)
            {
                case RoomEventKind.RoomCreated:
                    json.WriteNumber("room_session_id", e.RoomSession);
                    json.WriteString("room_create_time", time);
                    WriteText(json, "id_name", e.Creator ?? "");
                    break;
                case RoomEventKind.RoomClosed:
                    json.WriteNumber("room_session_id", e.RoomSession);
                    json.WriteString("room_close_time", time);
                    json.WriteNumber("close_reason", e.CloseReason ?? 0);
                    break;
                default:
                    json.WriteString("room_seq", e.RoomSessionText);
                    WriteText(json, "user_account", e.UserAccount ?? "");
                    WriteText(json, "session_id", e.UserSession ?? "");
                    WriteText(json, "user_nickname", e.Nickname ?? "");
                    WriteText(json, "user_role", e.Role ?? "");
                    json.WriteString(e.Kind == RoomEventKind.UserLoggedIn ? "login_time" : "logout_time", time);
                    if (e.Kind == RoomEventKind.UserLoggedOut)
                    {
                        WriteText(json, "reason", e.Reason ?? "0");
                    }

                    break;
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    public static string EventName(RoomEventKind kind) => kind switch
    {
        RoomEventKind.RoomCreated => "room_create",
        RoomEventKind.RoomClosed => "room_close",
        RoomEventKind.UserLoggedIn => "room_login",
        _ => "room_logout",
    };

    // ZEGO URL-encodes every string value; receivers decode each exactly once.
    private static void WriteText(Utf8JsonWriter json, string name, string value) =>
        json.WriteString(name, WebUtility.UrlEncode(value));
}
