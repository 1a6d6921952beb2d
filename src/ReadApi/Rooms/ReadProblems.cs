using Microsoft.AspNetCore.Http.HttpResults;

namespace KafkaRooms.ReadApi.Rooms;

/// <summary>The read API's problem+json answers (docs/read-api.md).</summary>
internal static class ReadProblems
{
    /// <summary>400 naming the parameter in <c>field</c> and in the detail.</summary>
    public static ProblemHttpResult BadRequest(ParameterFault fault) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request",
            detail: $"{fault.Field} {fault.Problem}", extensions: new Dictionary<string, object?> { ["field"] = fault.Field });

    public static ProblemHttpResult RoomNotOpen(string roomId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Room not open",
            detail: "no open room with this room_id in this app",
            extensions: new Dictionary<string, object?> { ["room_id"] = roomId });

    public static ProblemHttpResult UnknownApp(uint appId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown app",
            detail: $"appid {appId} is not an app this API serves (ReadApi:Apps)",
            extensions: new Dictionary<string, object?> { ["field"] = "appid" });

    /// <summary>410: changes after the cursor are gone; the way on is the room list's changes cursor.</summary>
    public static ProblemHttpResult CursorExpired(string field, uint appId, string reason) =>
        TypedResults.Problem(statusCode: StatusCodes.Status410Gone, title: "Cursor expired",
            detail: $"the changes after this {field} are no longer retained ({reason}); read the room list again " +
                $"(GET /v1/apps/{appId}/rooms, every page) and continue from the changes_cursor of its last page",
            extensions: new Dictionary<string, object?> { ["field"] = field });

    /// <summary>503 with Retry-After: the process serves as many event streams as it may.</summary>
    public static ProblemHttpResult TooManyFeedClients(int max) =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Too many change feed clients",
            detail: $"this process already serves {max} change feed clients (ReadApi:MaxFeedClients); retry later or elsewhere");

    /// <summary>Redis did not answer, so a retry may succeed.</summary>
    public static ProblemHttpResult RedisUnavailable() =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Room state unavailable",
            detail: "Redis did not answer; retry later");
}
