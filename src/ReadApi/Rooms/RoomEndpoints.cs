using KafkaRooms.Rooms.Reading;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace KafkaRooms.ReadApi.Rooms;

/// <summary>
/// The HTTP read API for operators and clients without Redis access (docs/read-api.md). Every
/// answer is 2xx or a 4xx problem+json naming the parameter at fault; 503 only when Redis is down.
/// Each room comes with its freshness and suspect verdict (docs/rules.md §8).
/// </summary>
internal static class RoomEndpoints
{
    public static async Task<Results<JsonHttpResult<RoomListResponse>, ProblemHttpResult>> ListRoomsAsync(
        string appid, HttpContext http, RoomReader reader, SuspicionRules suspicion, IOptions<ReadApiOptions> options, CancellationToken cancellationToken)
    {
        var (query, fault) = RoomListQuery.Parse(http.Request.Query);
        if ((AppIds.Fault(appid, out var appId) ?? RoomPath.CheckList(http) ?? fault) is { } first)
        {
            return ReadProblems.BadRequest(first);
        }

        if (AppIds.Unknown(appId, options.Value) is { } unknown)
        {
            return unknown;
        }

        RoomListPage page;
        try
        {
            page = await reader.ListRoomsAsync(appId, query!.Limit, query.Cursor, cancellationToken);
        }
        catch (ArgumentException) when (query!.Cursor is not null)
        {
            // The reader owns the cursor's format (RoomReader.ListRoomsAsync).
            return ReadProblems.BadRequest(new ParameterFault(RoomListQuery.CursorName, "is not a cursor this API returned"));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return ReadProblems.RedisUnavailable();
        }

        return TypedResults.Json(
            new RoomListResponse(page.Rooms.Select(room => RoomSummaryResponse.From(room, suspicion.Judge(room))).ToList(), page.NextCursor, page.ChangesCursor),
            ReadApiJsonContext.Default.RoomListResponse);
    }

    public static async Task<Results<JsonHttpResult<RoomResponse>, ProblemHttpResult>> GetRoomAsync(
        string appid, string? roomId, HttpContext http, RoomReader reader, SuspicionRules suspicion, IOptions<ReadApiOptions> options, CancellationToken cancellationToken)
    {
        var (room, fault) = RoomPath.RoomIdOf(http, roomId);
        if ((AppIds.Fault(appid, out var appId) ?? fault) is { } first)
        {
            return ReadProblems.BadRequest(first);
        }

        if (AppIds.Unknown(appId, options.Value) is { } unknown)
        {
            return unknown;
        }

        RoomView? view;
        try
        {
            view = await reader.GetRoomAsync(appId, room!, cancellationToken);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return ReadProblems.RedisUnavailable();
        }

        return view is not null
            ? TypedResults.Json(RoomResponse.From(view, suspicion.Judge(view.Room)), ReadApiJsonContext.Default.RoomResponse)
            : ReadProblems.RoomNotOpen(room!);
    }
}
