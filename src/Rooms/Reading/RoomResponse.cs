using System.Text.Json.Serialization;

namespace KafkaRooms.Rooms.Reading;

/// <summary>GET /v1/apps/{appid}/rooms/{room_id}: an open room (as listed) and its online users.</summary>
public sealed record RoomResponse(
    [property: JsonPropertyName("room_id")] string RoomId,
    [property: JsonPropertyName("room_session_id")] string RoomSessionId,
    [property: JsonPropertyName("room_create_time")] long RoomCreateTime,
    [property: JsonPropertyName("creator")] string Creator,
    [property: JsonPropertyName("online_count")] long OnlineCount,
    [property: JsonPropertyName("last_event_ms")] long LastEventMs,
    [property: JsonPropertyName("suspect")] bool Suspect,
    [property: JsonPropertyName("suspect_reasons")] IReadOnlyList<string> SuspectReasons,
    [property: JsonPropertyName("users")] IReadOnlyList<RoomUserResponse> Users)
{
    public static RoomResponse From(RoomView view, SuspectReasons reasons)
    {
        ArgumentNullException.ThrowIfNull(view);
        var room = RoomSummaryResponse.From(view.Room, reasons);
        return new(
            room.RoomId, room.RoomSessionId, room.RoomCreateTime, room.Creator, room.OnlineCount, room.LastEventMs, room.Suspect, room.SuspectReasons,
            view.Users.Select(RoomUserResponse.From).ToList());
    }
}

public sealed record RoomUserResponse(
    [property: JsonPropertyName("user_account")] string UserAccount,
    [property: JsonPropertyName("user_nickname")] string UserNickname,
    [property: JsonPropertyName("user_role")] string UserRole,
    [property: JsonPropertyName("login_time")] long LoginTime)
{
    public static RoomUserResponse From(RoomUserView user) => new(user.UserAccount, user.Nickname, user.Role, user.LoginTimeMs);
}
