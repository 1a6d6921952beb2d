using System.Globalization;
using System.Text.Json.Serialization;

namespace KafkaRooms.Rooms.Reading;

/// <summary>GET /v1/apps/{appid}/rooms/{room_id}: an open room and its online users.</summary>
public sealed record RoomResponse(
    [property: JsonPropertyName("room_id")] string RoomId,
    [property: JsonPropertyName("room_session_id")] string RoomSessionId,
    [property: JsonPropertyName("room_create_time")] long RoomCreateTime,
    [property: JsonPropertyName("creator")] string Creator,
    [property: JsonPropertyName("online_count")] long OnlineCount,
    [property: JsonPropertyName("users")] IReadOnlyList<RoomUserResponse> Users)
{
    public static RoomResponse From(RoomView view) => new(
        view.Room.RoomId,
        view.Room.RoomSession.ToString(CultureInfo.InvariantCulture),
        view.Room.CreateTimeMs,
        view.Room.Creator,
        view.Room.OnlineCount,
        view.Users.Select(RoomUserResponse.From).ToList());
}

public sealed record RoomUserResponse(
    [property: JsonPropertyName("user_account")] string UserAccount,
    [property: JsonPropertyName("user_nickname")] string UserNickname,
    [property: JsonPropertyName("user_role")] string UserRole,
    [property: JsonPropertyName("login_time")] long LoginTime)
{
    public static RoomUserResponse From(RoomUserView user) => new(user.UserAccount, user.Nickname, user.Role, user.LoginTimeMs);
}
