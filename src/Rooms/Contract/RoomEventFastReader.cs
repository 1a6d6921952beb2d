using System.Buffers.Text;
using System.Text.Json;

namespace KafkaRooms.Rooms.Contract;

/// <summary>
/// Reads the contract's usual shape (what <see cref="RoomEventCodec.Serialize"/> writes) with a
/// bare <see cref="Utf8JsonReader"/>: the serializer's object converter cost the Worker a few
/// microseconds per message, a large share of a trickle's cost (docs/benchmarks.md, "Worker
/// under a trickle"). It accepts only what it can read exactly as the serializer would: known
/// property names once each, unescaped, with the expected token types (string values may hold
/// escapes). Anything else (an
/// unknown or repeated property, an escape, an odd number, a malformed document) is declined,
/// and <see cref="RoomEventCodec"/> hands the value to the serializer, which decides and names
/// what is wrong; so the contract's meaning lives in one place.
/// </summary>
internal static class RoomEventFastReader
{
    [Flags]
    private enum Seen
    {
        None = 0,
        Version = 1 << 0,
        Kind = 1 << 1,
        AppId = 1 << 2,
        RoomId = 1 << 3,
        RoomSession = 1 << 4,
        TimeMs = 1 << 5,
        Creator = 1 << 6,
        CloseReason = 1 << 7,
        UserAccount = 1 << 8,
        UserSession = 1 << 9,
        Nickname = 1 << 10,
        Role = 1 << 11,
        Reason = 1 << 12,
        ReceivedMs = 1 << 13,
        Required = Kind | AppId | RoomId | RoomSession | TimeMs,
    }

    /// <summary>The event, or null when the serializer has to decide.</summary>
    public static RoomEvent? TryRead(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            return Read(utf8Json);
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            // Invalid UTF-8 or a lone surrogate in a string: the serializer names it.
            return null;
        }
    }

    private static RoomEvent? Read(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        var seen = Seen.None;
        // The serializer leaves a missing "v" at 0 (its initializer does not run), which the
        // codec then refuses as an unsupported version; so does this.
        var version = 0;
        var kind = default(RoomEventKind);
        uint appId = 0;
        ulong roomSession = 0;
        long timeMs = 0;
        long receivedMs = 0;
        uint? closeReason = null;
        string? roomId = null, creator = null, userAccount = null, userSession = null, nickname = null, role = null, reason = null;
        while (true)
        {
            if (!reader.Read())
            {
                return null;
            }

            if (reader.TokenType == JsonTokenType.EndObject)
            {
                break;
            }

            if (reader.TokenType != JsonTokenType.PropertyName || reader.ValueIsEscaped)
            {
                return null;
            }

            var field = Field(reader.ValueSpan);
            if (field == Seen.None || (seen & field) != 0 || !reader.Read())
            {
                return null;
            }

            seen |= field;
            var ok = field switch
            {
                Seen.Version => reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out version),
                Seen.Kind => TryKind(ref reader, out kind),
                Seen.AppId => reader.TokenType == JsonTokenType.Number && reader.TryGetUInt32(out appId),
                Seen.RoomId => TryString(ref reader, nullable: false, out roomId),
                Seen.RoomSession => TrySession(ref reader, out roomSession),
                Seen.TimeMs => reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out timeMs),
                Seen.Creator => TryString(ref reader, nullable: true, out creator),
                Seen.CloseReason => TryNullableUInt32(ref reader, out closeReason),
                Seen.UserAccount => TryString(ref reader, nullable: true, out userAccount),
                Seen.UserSession => TryString(ref reader, nullable: true, out userSession),
                Seen.Nickname => TryString(ref reader, nullable: true, out nickname),
                Seen.Role => TryString(ref reader, nullable: true, out role),
                Seen.Reason => TryString(ref reader, nullable: true, out reason),
                Seen.ReceivedMs => reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out receivedMs),
                _ => false,
            };
            if (!ok)
            {
                return null;
            }
        }

        // Nothing may follow the object; a missing required field is the serializer's to name.
        if (reader.Read() || (seen & Seen.Required) != Seen.Required)
        {
            return null;
        }

        return new RoomEvent
        {
            Version = version,
            Kind = kind,
            AppId = appId,
            RoomId = roomId!,
            RoomSession = roomSession,
            TimeMs = timeMs,
            Creator = creator,
            CloseReason = closeReason,
            UserAccount = userAccount,
            UserSession = userSession,
            Nickname = nickname,
            Role = role,
            Reason = reason,
            ReceivedMs = receivedMs,
        };
    }

    // The contract's names, from where the contract defines them (RoomEventFields, RoomEventKindNames),
    // grouped by length: each field name of every message is compared with the one or few of its length.
    private static readonly (byte[] Name, Seen Field)[][] FieldsByLength = ByLength(
    [
        (Utf8(RoomEventFields.Version), Seen.Version),
        (Utf8(RoomEventFields.Kind), Seen.Kind),
        (Utf8(RoomEventFields.AppId), Seen.AppId),
        (Utf8(RoomEventFields.RoomId), Seen.RoomId),
        (Utf8(RoomEventFields.RoomSession), Seen.RoomSession),
        (Utf8(RoomEventFields.TimeMs), Seen.TimeMs),
        (Utf8(RoomEventFields.Creator), Seen.Creator),
        (Utf8(RoomEventFields.CloseReason), Seen.CloseReason),
        (Utf8(RoomEventFields.UserAccount), Seen.UserAccount),
        (Utf8(RoomEventFields.UserSession), Seen.UserSession),
        (Utf8(RoomEventFields.Nickname), Seen.Nickname),
        (Utf8(RoomEventFields.Role), Seen.Role),
        (Utf8(RoomEventFields.Reason), Seen.Reason),
        (Utf8(RoomEventFields.ReceivedMs), Seen.ReceivedMs),
    ]);

    private static readonly (byte[] Name, RoomEventKind Kind)[] Kinds =
    [
        (Utf8(RoomEventKindNames.UserLoggedIn), RoomEventKind.UserLoggedIn),
        (Utf8(RoomEventKindNames.UserLoggedOut), RoomEventKind.UserLoggedOut),
        (Utf8(RoomEventKindNames.RoomCreated), RoomEventKind.RoomCreated),
        (Utf8(RoomEventKindNames.RoomClosed), RoomEventKind.RoomClosed),
    ];

    private static byte[] Utf8(string name) => System.Text.Encoding.UTF8.GetBytes(name);

    private static (byte[] Name, Seen Field)[][] ByLength((byte[] Name, Seen Field)[] fields)
    {
        var byLength = new (byte[] Name, Seen Field)[fields.Max(field => field.Name.Length) + 1][];
        for (var length = 0; length < byLength.Length; length++)
        {
            byLength[length] = fields.Where(field => field.Name.Length == length).ToArray();
        }

        return byLength;
    }

    private static Seen Field(ReadOnlySpan<byte> name)
    {
        if (name.Length < FieldsByLength.Length)
        {
            foreach (var (known, field) in FieldsByLength[name.Length])
            {
                if (name.SequenceEqual(known))
                {
                    return field;
                }
            }
        }

        return Seen.None;
    }

    private static bool TryKind(ref Utf8JsonReader reader, out RoomEventKind kind)
    {
        kind = default;
        if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped)
        {
            return false;
        }

        foreach (var (name, known) in Kinds)
        {
            if (reader.ValueSpan.SequenceEqual(name))
            {
                kind = known;
                return true;
            }
        }

        return false;
    }

    private static bool TryString(ref Utf8JsonReader reader, bool nullable, out string? value)
    {
        value = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return nullable;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            return false;
        }

        // Escapes included: the serializer writes every non-ASCII character as one, and reads a
        // string with this same call.
        value = reader.GetString();
        return true;
    }

    /// <summary>A number, or the decimal string the contract writes: plain digits without a leading zero.</summary>
    private static bool TrySession(ref Utf8JsonReader reader, out ulong session)
    {
        session = 0;
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.TryGetUInt64(out session);
        }

        if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped)
        {
            return false;
        }

        var digits = reader.ValueSpan;
        if (digits.Length == 0 || (digits[0] == (byte)'0' && digits.Length > 1) || digits.ContainsAnyExceptInRange((byte)'0', (byte)'9'))
        {
            return false;
        }

        return Utf8Parser.TryParse(digits, out session, out var consumed) && consumed == digits.Length;
    }

    private static bool TryNullableUInt32(ref Utf8JsonReader reader, out uint? value)
    {
        value = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType == JsonTokenType.Number && reader.TryGetUInt32(out var number))
        {
            value = number;
            return true;
        }

        return false;
    }
}
