using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using KafkaRooms.Rooms.Zego;

namespace KafkaRooms.Ingest.IntegrationTests;

/// <summary>
/// Builds ZEGO callback bodies as ZEGO sends them: string values URL-encoded, numbers as JSON
/// number tokens (written raw, so uint64 values are exact), signed with the test secret.
/// </summary>
internal sealed class SignedCallback
{
    // Each field is (name, raw JSON token or form value, isNumber).
    private readonly List<(string Name, string Value, bool IsNumber)> _fields = [];

    private SignedCallback(string eventName, uint appId)
    {
        Text("event", eventName);
        Number("appid", appId.ToString(CultureInfo.InvariantCulture));
    }

    public static long NowMs => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public static SignedCallback Event(string eventName, uint appId = IngestServer.AppId) => new(eventName, appId);

    public static SignedCallback RoomCreate(string roomId, string sessionToken, long timeMs, string creator = "creator-1") =>
        Event("room_create").Text("room_id", roomId).Number("room_session_id", sessionToken)
            .Text("room_create_time", Ms(timeMs)).Text("id_name", creator);

    public static SignedCallback RoomClose(string roomId, string sessionToken, long timeMs, uint closeReason = 0) =>
        Event("room_close").Text("room_id", roomId).Number("room_session_id", sessionToken)
            .Text("room_close_time", Ms(timeMs)).Number("close_reason", closeReason.ToString(CultureInfo.InvariantCulture));

    public static SignedCallback Login(string roomId, string roomSeq, string user, string userSession, long timeMs) =>
        Event("room_login").Text("room_id", roomId).Text("room_seq", roomSeq).Text("user_account", user)
            .Text("user_nickname", $"nick {user}").Text("session_id", userSession).Text("login_time", Ms(timeMs))
            .Text("user_role", "2").Text("auth_level", "0").Text("relogin", "0").Text("user_update_seq", "1").Text("room_name", "the room");

    public static SignedCallback Logout(string roomId, string roomSeq, string user, string userSession, long timeMs) =>
        Event("room_logout").Text("room_id", roomId).Text("room_seq", roomSeq).Text("user_account", user)
            .Text("user_nickname", $"nick {user}").Text("session_id", userSession).Text("login_time", Ms(timeMs - 1000))
            .Text("logout_time", Ms(timeMs)).Text("reason", "0");

    public SignedCallback Text(string name, string value)
    {
        _fields.RemoveAll(f => f.Name == name);
        _fields.Add((name, value, false));
        return this;
    }

    /// <summary>A JSON number token (or, in a form, the same digits).</summary>
    public SignedCallback Number(string name, string token)
    {
        _fields.RemoveAll(f => f.Name == name);
        _fields.Add((name, token, true));
        return this;
    }

    public SignedCallback Without(string name)
    {
        _fields.RemoveAll(f => f.Name == name);
        return this;
    }

    /// <summary>Adds timestamp, nonce and signature (computed with <paramref name="secret"/>).</summary>
    public SignedCallback Signed(string secret = IngestServer.Secret, long? timestampSeconds = null)
    {
        var timestamp = (timestampSeconds ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds()).ToString(CultureInfo.InvariantCulture);
        var nonce = Random.Shared.NextInt64(1, long.MaxValue).ToString(CultureInfo.InvariantCulture);
        return Number("timestamp", timestamp).Text("nonce", nonce).Text("signature", ZegoSignature.Compute(secret, timestamp, nonce));
    }

    public string ToJson()
    {
        var body = new StringBuilder("{");
        foreach (var (name, value, isNumber) in _fields)
        {
            if (body.Length > 1)
            {
                body.Append(',');
            }

            body.Append('"').Append(name).Append("\":");
            if (isNumber)
            {
                body.Append(value);
            }
            else
            {
                // ZEGO URL-encodes string values; JSON-escape what is left (nothing but safe ASCII after encoding).
                body.Append('"').Append(WebUtility.UrlEncode(value)).Append('"');
            }
        }

        return body.Append('}').ToString();
    }

    public string ToForm() =>
        string.Join('&', _fields.Select(f => $"{WebUtility.UrlEncode(f.Name)}={WebUtility.UrlEncode(f.Value)}"));

    public HttpContent AsJson() => Content(ToJson(), "application/json");

    public HttpContent AsForm() => Content(ToForm(), "application/x-www-form-urlencoded");

    public static HttpContent Content(string body, string? mediaType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (mediaType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
        }

        return content;
    }

    private static string Ms(long timeMs) => timeMs.ToString(CultureInfo.InvariantCulture);
}
