namespace KafkaRooms.Rooms.Contract;

/// <summary>
/// The field names of the event contract (the JSON names of <see cref="RoomEvent"/>). Violations
/// and dead-letter reasons name fields with these; Ingest translates them to ZEGO's wire names.
/// </summary>
public static class RoomEventFields
{
    public const string Version = "v";
    public const string Kind = "kind";
    public const string AppId = "app_id";
    public const string RoomId = "room_id";
    public const string RoomSession = "room_session";
    public const string TimeMs = "time_ms";
    public const string Creator = "creator";
    public const string CloseReason = "close_reason";
    public const string UserAccount = "user_account";
    public const string UserSession = "user_session";
    public const string Nickname = "nickname";
    public const string Role = "role";
    public const string Reason = "reason";
    public const string ReceivedMs = "received_ms";
}
