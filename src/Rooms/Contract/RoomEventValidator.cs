using System.Buffers;
using System.Text;

namespace KafkaRooms.Rooms.Contract;

/// <summary>
/// The checks an event must pass before it may touch state; shared by Ingest (400), the Worker
/// (dead letter) and the store. Only the fields the rules read can fail (docs/rules.md §4): kind,
/// room, session, time, user account and user session. Informational fields are cleaned by
/// <see cref="InformationalFields"/>, never judged here. Fields are named as the contract names
/// them (<see cref="RoomEventFields"/>).
/// </summary>
public static class RoomEventValidator
{
    public const int MaxRoomIdBytes = 128;
    public const int MaxUserAccountBytes = 64;
    public const int MaxUserSessionBytes = 128;

    /// <param name="now">The receiver's clock.</param>
    /// <param name="maxClockSkew">How far in the future an event time may lie (docs/rules.md §4).</param>
    public static RoomEventViolation? Validate(RoomEvent e, DateTimeOffset now, TimeSpan maxClockSkew)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (!Enum.IsDefined(e.Kind))
        {
            return new(RoomEventFields.Kind, "is not one of room_created, room_closed, user_logged_in, user_logged_out");
        }

        // Every uint64 is a room session, 0 included (docs/rules.md §1): nothing to check.
        return CheckId(RoomEventFields.RoomId, e.RoomId, MaxRoomIdBytes)
            ?? CheckTime(e, now, maxClockSkew)
            ?? (e.Kind.IsRoomEvent()
                ? null
                : CheckId(RoomEventFields.UserAccount, e.UserAccount, MaxUserAccountBytes)
                    ?? CheckId(RoomEventFields.UserSession, e.UserSession, MaxUserSessionBytes));
    }

    /// <summary>The room_id check alone, for readers that look a room up by its id.</summary>
    public static RoomEventViolation? CheckRoomId(string? roomId) => CheckId(RoomEventFields.RoomId, roomId, MaxRoomIdBytes);

    /// <summary>
    /// The latest event time a receiver accepts: the time Ingest received the event plus the skew
    /// (docs/rules.md §4), so a Worker whose clock runs behind Ingest's does not refuse what Ingest
    /// accepted. Without a receive time, the receiver's clock. A receive time is believed only up
    /// to the receiver's now + skew (clocks agree within the skew), so a producer's bad received_ms
    /// cannot admit a far-future time that would win every later comparison.
    /// </summary>
    public static long LatestAcceptedTimeMs(RoomEvent e, DateTimeOffset now, TimeSpan maxClockSkew)
    {
        ArgumentNullException.ThrowIfNull(e);
        var skewMs = (long)maxClockSkew.TotalMilliseconds;
        var nowMs = now.ToUnixTimeMilliseconds();
        var reference = e.ReceivedMs > 0 ? Math.Min(e.ReceivedMs, nowMs + skewMs) : nowMs;
        return reference + skewMs;
    }

    private static RoomEventViolation? CheckTime(RoomEvent e, DateTimeOffset now, TimeSpan maxClockSkew)
    {
        if (e.TimeMs <= 0)
        {
            return new(RoomEventFields.TimeMs, "must be a positive Unix time in milliseconds");
        }

        return e.TimeMs > LatestAcceptedTimeMs(e, now, maxClockSkew)
            ? new(RoomEventFields.TimeMs, $"lies more than {maxClockSkew} in the future of the time the event was received")
            : null;
    }

    private static RoomEventViolation? CheckId(string field, string? value, int maxBytes)
    {
        if (string.IsNullOrEmpty(value))
        {
            return new(field, "is required");
        }

        if (Encoding.UTF8.GetByteCount(value) > maxBytes)
        {
            return new(field, $"is longer than {maxBytes} bytes of UTF-8");
        }

        // Identifiers become Redis keys and tab-separated records (docs/redis-schema.md): a
        // control character could forge a separator, and a lone surrogate would turn into U+FFFD
        // on the way to Redis and make two ids one.
        var rest = value.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var consumed) != OperationStatus.Done)
            {
                return new(field, "is not valid Unicode text (a lone surrogate)");
            }

            if (Rune.IsControl(rune))
            {
                return new(field, "contains a control character");
            }

            rest = rest[consumed..];
        }

        return null;
    }
}
