using System.Globalization;
using KafkaRooms.Rooms.Contract;

namespace KafkaRooms.Ingest.Callbacks;

/// <summary>
/// Turns the fields of a tracked callback into the event contract. Only the shape is checked
/// here (required numbers present and integral); <see cref="RoomEventValidator"/> checks the rest.
/// </summary>
internal static class ZegoCallbackMapper
{
    public static uint ParseAppId(ZegoCallbackFields fields) =>
        uint.TryParse(Required(fields, "appid"), NumberStyles.None, CultureInfo.InvariantCulture, out var appId)
            ? appId
            : throw new MalformedCallbackException("appid", "must be an unsigned 32-bit integer");

    public static RoomEvent ToRoomEvent(RoomEventKind kind, uint appId, ZegoCallbackFields fields, long receivedMs)
    {
        var sessionField = RoomEventValidator.SessionField(kind);
        var timeField = RoomEventValidator.TimeField(kind);
        var roomEvent = new RoomEvent
        {
            Kind = kind,
            AppId = appId,
            RoomId = fields["room_id"] ?? "",
            RoomSession = ParseUInt64(sessionField, Required(fields, sessionField)),
            TimeMs = ParseMilliseconds(timeField, Required(fields, timeField)),
            ReceivedMs = receivedMs,
        };

        return kind switch
        {
            RoomEventKind.RoomCreated => roomEvent with { Creator = fields["id_name"] },
            RoomEventKind.RoomClosed => roomEvent with { CloseReason = ParseOptionalUInt32("close_reason", fields["close_reason"]) },
            RoomEventKind.UserLoggedIn => WithUser(roomEvent, fields),
            _ => WithUser(roomEvent, fields) with { Reason = fields["reason"] },
        };
    }

    private static RoomEvent WithUser(RoomEvent roomEvent, ZegoCallbackFields fields) => roomEvent with
    {
        UserAccount = fields["user_account"] ?? "",
        UserSession = fields["session_id"] ?? "",
        Nickname = fields["user_nickname"],
        Role = fields["user_role"],
    };

    private static string Required(ZegoCallbackFields fields, string name) =>
        string.IsNullOrEmpty(fields[name]) ? throw new MalformedCallbackException(name, "is required") : fields[name]!;

    /// <summary>Digits only, exactly as a uint64: a JSON number's token text or a digit string; never via double.</summary>
    private static ulong ParseUInt64(string field, string text) =>
        ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new MalformedCallbackException(field, "must be an unsigned 64-bit integer (decimal digits)");

    private static long ParseMilliseconds(string field, string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new MalformedCallbackException(field, "must be an integer number of Unix milliseconds");

    private static uint? ParseOptionalUInt32(string field, string? text) =>
        string.IsNullOrEmpty(text) ? null
        : uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value
        : throw new MalformedCallbackException(field, "must be an unsigned 32-bit integer");
}
