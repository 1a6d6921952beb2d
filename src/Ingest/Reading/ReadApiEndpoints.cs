using System.Globalization;
using KafkaRooms.Rooms.Reading;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using StackExchange.Redis;

namespace KafkaRooms.Ingest.Reading;

/// <summary>The HTTP read API for operators and clients without Redis access.</summary>
internal static class ReadApiEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;
    private const string AppsPrefix = "/v1/apps/";
    private const string RoomsSegment = "/rooms/";

    public static async Task<Results<JsonHttpResult<RoomListResponse>, ProblemHttpResult>> ListRoomsAsync(
        string appid, int? limit, string? cursor, RoomReader reader, CancellationToken cancellationToken)
    {
        if (!TryParseAppId(appid, out var appId))
        {
            return BadRequest("appid", "must be an unsigned 32-bit integer");
        }

        var pageSize = limit ?? DefaultLimit;
        if (pageSize is < 1 or > MaxLimit)
        {
            return BadRequest("limit", $"must be between 1 and {MaxLimit}");
        }

        RoomListPage page;
        try
        {
            page = await reader.ListRoomsAsync(appId, pageSize, string.IsNullOrEmpty(cursor) ? null : cursor, cancellationToken);
        }
        catch (ArgumentException) when (!string.IsNullOrEmpty(cursor))
        {
            return BadRequest("cursor", "is not a cursor this API returned");
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return RedisUnavailable();
        }

        return TypedResults.Json(
            new RoomListResponse(page.Rooms.Select(RoomSummaryResponse.From).ToList(), page.NextCursor),
            IngestJsonContext.Default.RoomListResponse);
    }

    public static async Task<Results<JsonHttpResult<RoomResponse>, ProblemHttpResult>> GetRoomAsync(
        string appid, string? roomId, HttpContext http, RoomReader reader, CancellationToken cancellationToken)
    {
        if (!TryParseAppId(appid, out var appId))
        {
            return BadRequest("appid", "must be an unsigned 32-bit integer");
        }

        var room = RoomIdOf(http, roomId);
        if (string.IsNullOrEmpty(room))
        {
            return BadRequest("room_id", "is required");
        }

        RoomView? view;
        try
        {
            view = await reader.GetRoomAsync(appId, room, cancellationToken);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return RedisUnavailable();
        }

        return view is not null
            ? TypedResults.Json(RoomResponse.From(view), IngestJsonContext.Default.RoomResponse)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Room not open",
                detail: "no open room with this room_id in this app",
                extensions: new Dictionary<string, object?> { ["room_id"] = room });
    }

    /// <summary>
    /// The room id as the client percent-encoded it. Kestrel leaves <c>%2F</c> encoded in the
    /// decoded path while decoding <c>%25</c>, so "a%2Fb" would be ambiguous there; the raw
    /// request target is decoded here exactly once instead.
    /// </summary>
    internal static string? RoomIdOf(HttpContext http, string? routeValue)
    {
        var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw) || !raw.StartsWith(AppsPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return routeValue;
        }

        var query = raw.IndexOf('?');
        var path = query < 0 ? raw : raw[..query];
        var afterApp = path.IndexOf('/', AppsPrefix.Length);
        if (afterApp < 0 || string.Compare(path, afterApp, RoomsSegment, 0, RoomsSegment.Length, StringComparison.OrdinalIgnoreCase) != 0)
        {
            return routeValue;
        }

        return Uri.UnescapeDataString(path[(afterApp + RoomsSegment.Length)..]);
    }

    private static ProblemHttpResult RedisUnavailable() =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Room state unavailable",
            detail: "Redis did not answer; retry later");

    private static bool TryParseAppId(string text, out uint appId) =>
        uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out appId);

    private static ProblemHttpResult BadRequest(string field, string problem) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request",
            detail: $"{field} {problem}", extensions: new Dictionary<string, object?> { ["field"] = field });
}
