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

    /// <summary>The only 5xx the read API gives: Redis did not answer, so a retry may succeed.</summary>
    public static ProblemHttpResult RedisUnavailable() =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Room state unavailable",
            detail: "Redis did not answer; retry later");
}
