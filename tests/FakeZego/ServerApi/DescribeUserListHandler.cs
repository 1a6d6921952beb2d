using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using KafkaRooms.Rooms.Zego;
using Microsoft.AspNetCore.Http;

namespace KafkaRooms.FakeZego.ServerApi;

/// <summary>
/// GET /?Action=DescribeUserList&amp;... as ZEGO's server API answers it: public parameters checked
/// (AppId, SignatureNonce, Timestamp within 10 minutes, SignatureVersion 2.0, the MD5 signature with
/// the app's server secret), rate limits, then one page of the room's users from the directory,
/// paged with an opaque Marker.
/// </summary>
internal sealed class DescribeUserListHandler(
    IReadOnlyDictionary<uint, string> serverSecrets, ZegoRoomDirectory rooms, ServerApiRateLimiter limiter, ServerApiRequestLog log, Func<ServerApiFault> fault)
{
    public const int RateLimitCode = 206;
    private const int MaxLimit = 200;
    private static readonly TimeSpan TimestampTolerance = TimeSpan.FromMinutes(10);

    public async Task HandleAsync(HttpContext http)
    {
        var query = http.Request.Query;
        var now = DateTimeOffset.UtcNow;
        string Get(string name) => query[name].ToString();

        var roomId = query.ContainsKey("RoomId") ? Get("RoomId") : null;
        var marker = Get("Marker");
        if (Get("Action") != "DescribeUserList")
        {
            await RefuseAsync(http, 0, roomId, marker, ServerApiOutcome.BadRequest, 100000007, "unsupported Action");
            return;
        }

        if (!uint.TryParse(Get("AppId"), NumberStyles.None, CultureInfo.InvariantCulture, out var appId) || !serverSecrets.TryGetValue(appId, out var secret))
        {
            await RefuseAsync(http, 0, roomId, marker, ServerApiOutcome.BadRequest, 100000001, "AppId unknown or malformed");
            return;
        }

        if (Check(query, appId, secret, now) is { } refusal)
        {
            await RefuseAsync(http, appId, roomId, marker, refusal.Outcome, refusal.Code, refusal.Message);
            return;
        }

        if (string.IsNullOrEmpty(roomId)
            || !int.TryParse(query.ContainsKey("Limit") ? Get("Limit") : "200", NumberStyles.None, CultureInfo.InvariantCulture, out var limit)
            || limit > MaxLimit
            || DecodeMarker(marker, roomId) is not { } offset)
        {
            await RefuseAsync(http, appId, roomId, marker, ServerApiOutcome.BadRequest, 2, "RoomId, Limit or Marker is wrong");
            return;
        }

        if (limiter.Admit(appId, roomId, now) is { } limited)
        {
            await RefuseAsync(http, appId, roomId, marker, limited, RateLimitCode, "rate limited");
            return;
        }

        var injected = fault();
        log.Add(new ServerApiRequest(now, appId, roomId, marker, injected == ServerApiFault.None ? ServerApiOutcome.Answered : ServerApiOutcome.Faulted));
        if (injected != ServerApiFault.None)
        {
            await ServerApiFaults.WriteAsync(http, injected);
            return;
        }

        var users = rooms.UsersOf(appId, roomId);
        if (query["Mode"] == "1")
        {
            users = users.Reverse().ToList();
        }

        var pageSize = limit == 0 ? MaxLimit : limit;
        var page = users.Skip(offset).Take(pageSize).ToList();
        var next = offset + page.Count < users.Count ? EncodeMarker(offset + page.Count, roomId) : "";
        await WriteAsync(http, 0, "success", data =>
        {
            data.WriteString("Marker", next);
            data.WriteStartArray("UserList");
            foreach (var user in page)
            {
                data.WriteStartObject();
                data.WriteString("UserId", user.UserId);
                data.WriteString("UserName", user.UserName);
                data.WriteNumber("UserRole", user.UserRole);
                data.WriteEndObject();
            }

            data.WriteEndArray();
        });
    }

    private static (ServerApiOutcome Outcome, int Code, string Message)? Check(IQueryCollection query, uint appId, string secret, DateTimeOffset now)
    {
        var nonce = query["SignatureNonce"].ToString();
        if (nonce.Length == 0 || query["SignatureVersion"] != ZegoApiSignature.Version)
        {
            return (ServerApiOutcome.BadRequest, 100000008, "SignatureNonce or SignatureVersion missing");
        }

        if (!long.TryParse(query["Timestamp"], NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp))
        {
            return (ServerApiOutcome.BadRequest, 100000003, "Timestamp malformed");
        }

        if (Math.Abs(now.ToUnixTimeSeconds() - timestamp) > TimestampTolerance.TotalSeconds)
        {
            return (ServerApiOutcome.StaleTimestamp, 100000004, "signature expired");
        }

        return ZegoApiSignature.Verify(appId, nonce, secret, timestamp, query["Signature"])
            ? null
            : (ServerApiOutcome.BadSignature, 100000005, "signature error");
    }

    private async Task RefuseAsync(HttpContext http, uint appId, string? roomId, string marker, ServerApiOutcome outcome, int code, string message)
    {
        log.Add(new ServerApiRequest(DateTimeOffset.UtcNow, appId, roomId, marker, outcome));
        await WriteAsync(http, code, message, data: null);
    }

    internal static async Task WriteAsync(HttpContext http, int code, string message, Action<Utf8JsonWriter>? data)
    {
        var body = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            json.WriteNumber("Code", code);
            json.WriteString("Message", message);
            json.WriteString("RequestId", Guid.NewGuid().ToString("N"));
            if (data is not null)
            {
                json.WriteStartObject("Data");
                data(json);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        http.Response.ContentType = "application/json";
        await http.Response.Body.WriteAsync(body.WrittenMemory);
    }

    // Opaque to the caller: base64url of "<offset>\n<room id>", valid only for its room.
    private static string EncodeMarker(int offset, string roomId) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{offset}\n{roomId}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static int? DecodeMarker(string marker, string roomId)
    {
        if (marker.Length == 0)
        {
            return 0;
        }

        try
        {
            var padded = marker.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (marker.Length % 4)) % 4);
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(padded));
            var newline = text.IndexOf('\n', StringComparison.Ordinal);
            return newline > 0 && text[(newline + 1)..] == roomId
                && int.TryParse(text.AsSpan(0, newline), NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
                ? offset
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
