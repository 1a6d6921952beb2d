using System.Text;

namespace KafkaRooms.Rooms.Contract;

/// <summary>
/// The checks an event must pass before it may touch state; shared by Ingest (400) and the
/// Worker (dead letter). Fields are named as ZEGO names them on the wire.
/// </summary>
public static class RoomEventValidator
{
    public const int MaxRoomIdBytes = 128;
    public const int MaxUserAccountBytes = 64;
    public const int MaxUserSessionBytes = 128;
    public const int MaxTextBytes = 256;

    /// <param name="now">The receiver's clock.</param>
    /// <param name="maxClockSkew">How far in the future an event time may lie (RULES.md section 4).</param>
    public static RoomEventViolation? Validate(RoomEvent e, DateTimeOffset now, TimeSpan maxClockSkew)
    {
        return CheckRoomId(e.RoomId)
            ?? CheckSession(e)
            ?? CheckTime(e, now, maxClockSkew)
            ?? e.Kind switch
            {
                RoomEventKind.RoomCreated => CheckText("id_name", e.Creator, MaxUserAccountBytes),
                RoomEventKind.RoomClosed => null,
                _ => CheckId("user_account", e.UserAccount, MaxUserAccountBytes)
                    ?? CheckId("session_id", e.UserSession, MaxUserSessionBytes)
                    ?? CheckText("user_nickname", e.Nickname, MaxTextBytes)
                    ?? CheckText("user_role", e.Role, MaxTextBytes)
                    ?? CheckText("reason", e.Reason, MaxTextBytes),
            };
    }

    /// <summary>The room_id check alone, for readers that look a room up by its id.</summary>
    public static RoomEventViolation? CheckRoomId(string? roomId) => CheckId("room_id", roomId, MaxRoomIdBytes);

    public static string SessionField(RoomEventKind kind) =>
        kind.IsRoomEvent() ? "room_session_id" : "room_seq";

    public static string TimeField(RoomEventKind kind) => kind switch
    {
        RoomEventKind.RoomCreated => "room_create_time",
        RoomEventKind.RoomClosed => "room_close_time",
        RoomEventKind.UserLoggedIn => "login_time",
        _ => "logout_time",
    };

    private static RoomEventViolation? CheckSession(RoomEvent e) =>
        // Zero is what a missing or defaulted number turns into; ZEGO never issues it.
        e.RoomSession == 0 ? new(SessionField(e.Kind), "must be a positive unsigned 64-bit integer") : null;

    private static RoomEventViolation? CheckTime(RoomEvent e, DateTimeOffset now, TimeSpan maxClockSkew)
    {
        if (e.TimeMs <= 0)
        {
            return new(TimeField(e.Kind), "must be a positive Unix time in milliseconds");
        }

        var latest = now.ToUnixTimeMilliseconds() + (long)maxClockSkew.TotalMilliseconds;
        return e.TimeMs > latest
            ? new(TimeField(e.Kind), $"lies more than {maxClockSkew} in the future")
            : null;
    }

    private static RoomEventViolation? CheckId(string field, string? value, int maxBytes) =>
        string.IsNullOrEmpty(value) ? new(field, "is required") : CheckText(field, value, maxBytes);

    private static RoomEventViolation? CheckText(string field, string? value, int maxBytes)
    {
        if (value is null)
        {
            return null;
        }

        if (Encoding.UTF8.GetByteCount(value) > maxBytes)
        {
            return new(field, $"is longer than {maxBytes} bytes of UTF-8");
        }

        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                return new(field, "contains a control character");
            }
        }

        return null;
    }
}
