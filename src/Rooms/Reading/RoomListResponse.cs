using System.Globalization;
using System.Text.Json.Serialization;

namespace KafkaRooms.Rooms.Reading;

/// <summary>
/// GET /v1/apps/{appid}/rooms: one page of open rooms; the last page (no next cursor) also tells
/// where the change feed continues the list (docs/read-api.md, docs/change-feed.md).
/// </summary>
public sealed record RoomListResponse(
    [property: JsonPropertyName("rooms")] IReadOnlyList<RoomSummaryResponse> Rooms,
    [property: JsonPropertyName("next_cursor")] string? NextCursor,
    [property: JsonPropertyName("changes_cursor")] string? ChangesCursor = null);

/// <summary>
/// An open room. The session id is a decimal string: it does not fit a double. Freshness
/// (docs/read-api.md, "Freshness"): its last event time and the suspect verdict with its reasons.
/// </summary>
public sealed record RoomSummaryResponse(
    [property: JsonPropertyName("room_id")] string RoomId,
    [property: JsonPropertyName("room_session_id")] string RoomSessionId,
    [property: JsonPropertyName("room_create_time")] long RoomCreateTime,
    [property: JsonPropertyName("creator")] string Creator,
    [property: JsonPropertyName("online_count")] long OnlineCount,
    [property: JsonPropertyName("last_event_ms")] long LastEventMs,
    [property: JsonPropertyName("suspect")] bool Suspect,
    [property: JsonPropertyName("suspect_reasons")] IReadOnlyList<string> SuspectReasons)
{
    public static RoomSummaryResponse From(RoomSummaryView room, SuspectReasons reasons)
    {
        ArgumentNullException.ThrowIfNull(room);
        return new(
            room.RoomId, room.RoomSession.ToString(CultureInfo.InvariantCulture), room.CreateTimeMs, room.Creator, room.OnlineCount,
            room.LastEventMs, reasons != Reading.SuspectReasons.None, reasons.ToWireNames());
    }
}
