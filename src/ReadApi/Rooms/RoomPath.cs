using System.Globalization;
using System.Text;
using KafkaRooms.Rooms.Contract;
using Microsoft.AspNetCore.Http.Features;

namespace KafkaRooms.ReadApi.Rooms;

/// <summary>
/// The room path as the client wrote it. For routing Kestrel decodes the path once but leaves
/// <c>%2F</c> encoded while decoding <c>%25</c> (so "a%2Fb" would be ambiguous there) and removes
/// dot segments (so the route may not be what was sent). The raw request target is read here
/// instead: it must be /v1/apps/{appid}/rooms or /v1/apps/{appid}/rooms/{room_id}, and the room
/// id is percent-decoded exactly once, as UTF-8 (docs/read-api.md).
/// </summary>
internal static class RoomPath
{
    private const string AppsPrefix = "/v1/apps/";
    private const string RoomsSegment = "rooms";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly ParameterFault NotARoomPath =
        new("path", "must be /v1/apps/{appid}/rooms or /v1/apps/{appid}/rooms/{room_id}, without dot segments");

    /// <summary>The room list path: a fault unless the raw target is exactly that.</summary>
    public static ParameterFault? CheckList(HttpContext http)
    {
        if (RawTargetOf(http) is not { } raw)
        {
            return null;
        }

        // A trailing slash still names the list, as it does for routing.
        var (encoded, fault) = Split(raw);
        return fault ?? (string.IsNullOrEmpty(encoded) ? null : NotARoomPath);
    }

    /// <summary>The room id the client percent-encoded, or the fault; <paramref name="routeValue"/> where there is no raw target.</summary>
    public static (string? RoomId, ParameterFault? Fault) RoomIdOf(HttpContext http, string? routeValue)
    {
        var roomId = routeValue;
        if (RawTargetOf(http) is { } raw)
        {
            var (encoded, fault) = Split(raw);
            if (fault is not null || encoded is null)
            {
                return (null, fault ?? NotARoomPath);
            }

            (roomId, fault) = Decode(encoded);
            if (fault is not null)
            {
                return (null, fault);
            }
        }

        return RoomEventValidator.CheckRoomId(roomId) is { } violation
            ? (null, new ParameterFault(violation.Field, violation.Problem))
            : (roomId, null);
    }

    /// <summary>
    /// Routes a request for the room "." or ".." (sent as <c>%2E</c> and <c>%2E%2E</c>) to the room
    /// endpoint: Kestrel decodes the path it routes on and then removes dot segments, so such a
    /// request would reach the room list or nothing. The endpoint reads the room id from the raw
    /// target (<see cref="RoomIdOf"/>), as for any room.
    /// </summary>
    public static Task RouteDotRoomIds(HttpContext http, RequestDelegate next)
    {
        if (RawTargetOf(http) is { } raw && DotRoomRoute(raw) is { } path)
        {
            http.Request.Path = path;
        }

        return next(http);
    }

    /// <summary>The path to route a raw target naming the room "." or ".." on; null for any other target.</summary>
    internal static string? DotRoomRoute(string rawTarget)
    {
        // Every request passes here: only a target holding an encoded dot is looked at further.
        if (rawTarget.IndexOf("%2E", StringComparison.OrdinalIgnoreCase) < 0
            || Split(rawTarget) is not ({ } encoded, null)
            || Decode(encoded).RoomId is not ("." or ".."))
        {
            return null;
        }

        var appStart = rawTarget.IndexOf(AppsPrefix, StringComparison.OrdinalIgnoreCase) + AppsPrefix.Length;
        var appEnd = rawTarget.IndexOf('/', appStart);
        var appId = rawTarget[appStart..appEnd];
        return appId.Length > 0 && appId.All(char.IsAsciiDigit) ? $"{AppsPrefix}{appId}/{RoomsSegment}/dot-segment-room" : null;
    }

    /// <summary>The still encoded room id of a raw target (null on the list path), or why it is no room path.</summary>
    internal static (string? EncodedRoomId, ParameterFault? Fault) Split(string rawTarget)
    {
        var query = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? rawTarget : rawTarget[..query];
        if (!path.StartsWith('/'))
        {
            // Absolute form (http://host/path): the path starts after the authority.
            var scheme = path.IndexOf("://", StringComparison.Ordinal);
            var start = scheme < 0 ? -1 : path.IndexOf('/', scheme + 3);
            if (start < 0)
            {
                return (null, NotARoomPath);
            }

            path = path[start..];
        }

        if (!path.StartsWith(AppsPrefix, StringComparison.OrdinalIgnoreCase) || path.Split('/').Any(segment => segment is "." or ".."))
        {
            return (null, NotARoomPath);
        }

        var afterApp = path.IndexOf('/', AppsPrefix.Length);
        var rest = afterApp < 0 ? "" : path[(afterApp + 1)..];
        if (rest.Equals(RoomsSegment, StringComparison.OrdinalIgnoreCase))
        {
            return (null, null);
        }

        return rest.StartsWith(RoomsSegment + "/", StringComparison.OrdinalIgnoreCase)
            ? (rest[(RoomsSegment.Length + 1)..], null)
            : (null, NotARoomPath);
    }

    /// <summary>Percent-decoding, once: every <c>%</c> starts a two-digit hex escape and the bytes must be UTF-8.</summary>
    internal static (string? RoomId, ParameterFault? Fault) Decode(string encoded)
    {
        var bytes = new byte[encoded.Length];
        var length = 0;
        for (var i = 0; i < encoded.Length; i++)
        {
            var c = encoded[i];
            if (c == '%')
            {
                if (i + 2 >= encoded.Length
                    || !byte.TryParse(encoded.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bytes[length]))
                {
                    return (null, new ParameterFault("room_id", "has a malformed percent escape (% must be followed by two hex digits)"));
                }

                length++;
                i += 2;
            }
            else if (c < 0x80)
            {
                bytes[length++] = (byte)c;
            }
            else
            {
                return (null, new ParameterFault("room_id", "must be percent-encoded UTF-8 (it has a raw non-ASCII character)"));
            }
        }

        try
        {
            return (StrictUtf8.GetString(bytes, 0, length), null);
        }
        catch (DecoderFallbackException)
        {
            return (null, new ParameterFault("room_id", "is not UTF-8 once percent-decoded"));
        }
    }

    private static string? RawTargetOf(HttpContext http) =>
        http.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw ? raw : null;
}
