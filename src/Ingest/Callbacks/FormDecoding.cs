using System.Buffers;
using System.Text;

namespace KafkaRooms.Ingest.Callbacks;

/// <summary>
/// Form-style URL decoding, applied exactly once to every ZEGO value: <c>+</c> is a space,
/// <c>%XX</c> one byte, and the bytes must be UTF-8. For the fields the rules read, a malformed
/// escape or invalid UTF-8 is refused rather than guessed at, because a guessed room_id would
/// name another room; informational fields are repaired instead (docs/rules.md §4).
/// </summary>
internal static class FormDecoding
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly UTF8Encoding ReplacingUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>Decodes raw bytes (a form name or value, or a JSON string as UTF-8); refuses what it cannot decode.</summary>
    public static string Decode(ReadOnlySpan<byte> encoded, string field)
    {
        if (encoded.IndexOfAny((byte)'%', (byte)'+') < 0)
        {
            return Utf8(encoded, field);
        }

        var rented = ArrayPool<byte>.Shared.Rent(encoded.Length);
        try
        {
            var length = Unescape(encoded, rented, out var malformed);
            return malformed ? throw new MalformedCallbackException(field, "has a malformed %-escape") : Utf8(rented.AsSpan(0, length), field);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Decodes what it can: a malformed escape is kept as written and bytes that are not UTF-8
    /// become U+FFFD; <paramref name="repaired"/> tells whether either happened.
    /// </summary>
    public static string DecodeLeniently(ReadOnlySpan<byte> encoded, out bool repaired)
    {
        var rented = ArrayPool<byte>.Shared.Rent(Math.Max(encoded.Length, 1));
        try
        {
            var length = Unescape(encoded, rented, out repaired);
            var bytes = rented.AsSpan(0, length);
            if (!System.Text.Unicode.Utf8.IsValid(bytes))
            {
                repaired = true;
            }

            return ReplacingUtf8.GetString(bytes);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Writes the unescaped bytes to <paramref name="output"/>; a malformed escape is copied as written.</summary>
    private static int Unescape(ReadOnlySpan<byte> encoded, byte[] output, out bool malformed)
    {
        malformed = false;
        var length = 0;
        for (var i = 0; i < encoded.Length; i++)
        {
            var b = encoded[i];
            if (b == (byte)'+')
            {
                b = (byte)' ';
            }
            else if (b == (byte)'%')
            {
                if (i + 2 < encoded.Length && TryHex(encoded[i + 1], out var high) && TryHex(encoded[i + 2], out var low))
                {
                    b = (byte)((high << 4) | low);
                    i += 2;
                }
                else
                {
                    malformed = true;
                }
            }

            output[length++] = b;
        }

        return length;
    }

    private static string Utf8(ReadOnlySpan<byte> bytes, string field)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new MalformedCallbackException(field, "is not UTF-8 after URL decoding");
        }
    }

    private static bool TryHex(byte b, out int value)
    {
        value = b switch
        {
            >= (byte)'0' and <= (byte)'9' => b - '0',
            >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
            >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
            _ => -1,
        };
        return value >= 0;
    }
}
