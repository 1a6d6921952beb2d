using System.Text.Json.Serialization;

namespace KafkaRooms.LoadGenerator;

// The read API's JSON, as docs/ingest-api.md gives it.
internal sealed record RoomListJson(
    [property: JsonPropertyName("rooms")] List<RoomSummaryJson> Rooms,
    [property: JsonPropertyName("next_cursor")] string? NextCursor);

internal sealed record RoomSummaryJson(
    [property: JsonPropertyName("room_id")] string RoomId,
    [property: JsonPropertyName("room_session_id")] string RoomSessionId,
    [property: JsonPropertyName("room_create_time")] long RoomCreateTime,
    [property: JsonPropertyName("creator")] string Creator,
    [property: JsonPropertyName("online_count")] long OnlineCount);

internal sealed record RoomJson(
    [property: JsonPropertyName("room_id")] string RoomId,
    [property: JsonPropertyName("room_session_id")] string RoomSessionId,
    [property: JsonPropertyName("room_create_time")] long RoomCreateTime,
    [property: JsonPropertyName("creator")] string Creator,
    [property: JsonPropertyName("online_count")] long OnlineCount,
    [property: JsonPropertyName("users")] List<RoomUserJson> Users);

internal sealed record RoomUserJson(
    [property: JsonPropertyName("user_account")] string UserAccount,
    [property: JsonPropertyName("user_nickname")] string UserNickname,
    [property: JsonPropertyName("user_role")] string UserRole,
    [property: JsonPropertyName("login_time")] long LoginTime);

[JsonSerializable(typeof(RoomListJson))]
[JsonSerializable(typeof(RoomJson))]
internal sealed partial class ReadApiJsonContext : JsonSerializerContext;
