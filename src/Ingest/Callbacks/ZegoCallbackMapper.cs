using System.Globalization;
using KafkaRooms.Rooms.Contract;
using static KafkaRooms.Ingest.Callbacks.ZegoFieldNames;

namespace KafkaRooms.Ingest.Callbacks;

/// <summary>
/// Turns the fields of a tracked callback into the event contract. Only the wire shape is
/// checked here (JSON types, required numbers present and integral, URL encoding);
/// <see cref="RoomEventValidator"/> checks the values. Informational fields are taken as they
/// can be (docs/rules.md §4) and <see cref="CleanedFields"/> says which needed repair.
/// </summary>
internal static class ZegoCallbackMapper
{
    public static uint ParseAppId(ZegoCallbackFields fields) =>
        fields.TryReadDigits<uint>(AppId, out var digits) ? digits
        : uint.TryParse(Required(fields.Scalar(AppId), AppId), NumberStyles.None, CultureInfo.InvariantCulture, out var appId) ? appId
        : throw new MalformedCallbackException(AppId, "must be an unsigned 32-bit integer");

    public static RoomEvent ToRoomEvent(RoomEventKind kind, uint appId, ZegoCallbackFields fields, long receivedMs, out CleanedFields repaired)
    {
        repaired = CleanedFields.None;
        var sessionField = Session(kind);
        var timeField = Time(kind);
        var roomId = fields.Text(RoomId) ?? "";
        var roomSession = ParseUInt64(fields, sessionField);
        var timeMs = ParseMilliseconds(fields, timeField);

        // One event per callback, built whole (a `with` copy per field group would be one more each).
        return kind switch
        {
            RoomEventKind.RoomCreated => new RoomEvent
            {
                Kind = kind, AppId = appId, RoomId = roomId, RoomSession = roomSession, TimeMs = timeMs, ReceivedMs = receivedMs,
                Creator = Informational(fields, IdName, CleanedFields.Creator, ref repaired),
            },
            RoomEventKind.RoomClosed => new RoomEvent
            {
                Kind = kind, AppId = appId, RoomId = roomId, RoomSession = roomSession, TimeMs = timeMs, ReceivedMs = receivedMs,
                CloseReason = CloseReasonOf(fields, ref repaired),
            },
            _ => new RoomEvent
            {
                Kind = kind, AppId = appId, RoomId = roomId, RoomSession = roomSession, TimeMs = timeMs, ReceivedMs = receivedMs,
                UserAccount = fields.Text(UserAccount) ?? "",
                UserSession = fields.Text(SessionId) ?? "",
                Nickname = Informational(fields, UserNickname, CleanedFields.Nickname, ref repaired),
                Role = Informational(fields, UserRole, CleanedFields.Role, ref repaired),
                Reason = kind == RoomEventKind.UserLoggedOut ? Informational(fields, Reason, CleanedFields.Reason, ref repaired) : null,
            },
        };
    }

    private static string? Informational(ZegoCallbackFields fields, string name, CleanedFields field, ref CleanedFields repaired)
    {
        var value = fields.Informational(name, out var wasRepaired);
        if (wasRepaired)
        {
            repaired |= field;
        }

        return value;
    }

    /// <summary>Informational too: a close_reason that is not a uint32 is left out, not refused.</summary>
    private static uint? CloseReasonOf(ZegoCallbackFields fields, ref CleanedFields repaired)
    {
        var text = fields.Informational(CloseReason, out _);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        repaired |= CleanedFields.CloseReason;
        return null;
    }

    private static string Required(string? value, string name) =>
        string.IsNullOrEmpty(value) ? throw new MalformedCallbackException(name, "is required") : value;

    /// <summary>Digits only, exactly as a uint64: a JSON number's token text or a digit string; never via double.</summary>
    private static ulong ParseUInt64(ZegoCallbackFields fields, string field) =>
        fields.TryReadDigits<ulong>(field, out var digits) ? digits
        : ulong.TryParse(Required(fields.Scalar(field), field), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value
        : throw new MalformedCallbackException(field, "must be an unsigned 64-bit integer (decimal digits)");

    private static long ParseMilliseconds(ZegoCallbackFields fields, string field) =>
        fields.TryReadDigits<long>(field, out var digits) ? digits
        : long.TryParse(Required(fields.Scalar(field), field), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value
        : throw new MalformedCallbackException(field, "must be an integer number of Unix milliseconds");
}
