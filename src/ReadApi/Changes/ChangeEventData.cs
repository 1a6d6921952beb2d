using System.Globalization;
using System.Text.Json.Serialization;
using KafkaRooms.Rooms.Reading;

namespace KafkaRooms.ReadApi.Changes;

/// <summary>
/// The <c>data:</c> line of one change event (docs/read-api.md): the session id is a decimal
/// string (it does not fit a double); fields a change does not have are left out.
/// </summary>
internal sealed record ChangeEventData(
    [property: JsonPropertyName("room_id")] string RoomId,
    [property: JsonPropertyName("room_session_id")] string RoomSessionId,
    [property: JsonPropertyName("time")] long Time,
    [property: JsonPropertyName("user_account")] string? UserAccount,
    [property: JsonPropertyName("online_count")] long? OnlineCount,
    [property: JsonPropertyName("creator")] string? Creator,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("nickname")] string? Nickname)
{
    public static ChangeEventData From(RoomChange change) => new(
        change.RoomId, change.RoomSession.ToString(CultureInfo.InvariantCulture), change.TimeMs,
        change.UserAccount, change.OnlineCount, change.Creator, change.Reason, change.Nickname);
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ChangeEventData))]
internal sealed partial class ChangeEventJsonContext : JsonSerializerContext;
