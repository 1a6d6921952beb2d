using System.Buffers;
using System.Text;

namespace KafkaRooms.Rooms.Contract;

/// <summary>
/// Cleans the informational fields (creator, nickname, role, reason) instead of refusing the
/// event (docs/rules.md §4): nothing the rules do depends on them, and a refused callback is
/// retried by ZEGO a few times and then dropped, which loses a user or a room. Ingest cleans
/// what it publishes and the Worker cleans what it consumes, so a message from any producer is
/// stored the same way.
/// </summary>
/// <remarks>
/// A control character (Unicode category Cc: C0, DEL, C1) or a lone UTF-16 surrogate becomes
/// U+FFFD, the replacement character, so a reader sees that something was there; the scripts'
/// tab- and newline-separated records (docs/redis-schema.md) therefore never meet a separator in
/// a value. A value longer than its limit in UTF-8 is then cut after the last whole character
/// that fits.
/// </remarks>
public static class InformationalFields
{
    /// <summary>The creator is a user id, so it gets a user id's limit.</summary>
    public const int MaxCreatorBytes = RoomEventValidator.MaxUserAccountBytes;

    public const int MaxTextBytes = 256;

    public static RoomEvent Clean(RoomEvent roomEvent) => Clean(roomEvent, out _);

    public static RoomEvent Clean(RoomEvent roomEvent, out CleanedFields cleaned)
    {
        ArgumentNullException.ThrowIfNull(roomEvent);
        cleaned = CleanedFields.None;
        var creator = Clean(roomEvent.Creator, MaxCreatorBytes, CleanedFields.Creator, ref cleaned);
        var nickname = Clean(roomEvent.Nickname, MaxTextBytes, CleanedFields.Nickname, ref cleaned);
        var role = Clean(roomEvent.Role, MaxTextBytes, CleanedFields.Role, ref cleaned);
        var reason = Clean(roomEvent.Reason, MaxTextBytes, CleanedFields.Reason, ref cleaned);
        return cleaned == CleanedFields.None
            ? roomEvent
            : roomEvent with { Creator = creator, Nickname = nickname, Role = role, Reason = reason };
    }

    /// <summary>The value itself when it is clean, else its cleaned copy.</summary>
    public static string? Clean(string? value, int maxBytes)
    {
        if (value is null || IsClean(value, maxBytes))
        {
            return value;
        }

        var text = new StringBuilder(Math.Min(value.Length, maxBytes));
        Span<char> chars = stackalloc char[2];
        var bytes = 0;
        var rest = value.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var consumed) != OperationStatus.Done || Rune.IsControl(rune))
            {
                rune = Rune.ReplacementChar;
            }

            rest = rest[consumed..];
            bytes += rune.Utf8SequenceLength;
            if (bytes > maxBytes)
            {
                break;
            }

            text.Append(chars[..rune.EncodeToUtf16(chars)]);
        }

        return text.ToString();
    }

    private static string? Clean(string? value, int maxBytes, CleanedFields field, ref CleanedFields cleaned)
    {
        var result = Clean(value, maxBytes);
        if (!ReferenceEquals(result, value))
        {
            cleaned |= field;
        }

        return result;
    }

    private static bool IsClean(string value, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(value) > maxBytes)
        {
            return false;
        }

        var rest = value.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var consumed) != OperationStatus.Done || Rune.IsControl(rune))
            {
                return false;
            }

            rest = rest[consumed..];
        }

        return true;
    }
}
