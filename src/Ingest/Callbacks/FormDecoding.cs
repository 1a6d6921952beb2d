using System.Buffers;
using System.Text;

namespace KafkaRooms.Ingest.Callbacks;

/// <summary>
/// Form-style URL decoding, applied exactly once to every ZEGO value: <c>+</c> is a space,
/// <c>%XX</c> one byte, and the bytes must be UTF-8. A malformed escape or invalid UTF-8 is
/// refused rather than guessed at, because a guessed room_id would name another room.
/// </summary>
internal static class FormDecoding
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes a value that was already JSON-unescaped.</summary>
    public static string Decode(string value, string field)
    {
        if (value.AsSpan().IndexOfAny('%', '+') < 0)
        {
            return value;
        }

        var maxBytes = Encoding.UTF8.GetMaxByteCount(value.Length);
        var rented = ArrayPool<byte>.Shared.Rent(maxBytes);
        try
        {
            var utf8Length = Encoding.UTF8.GetBytes(value, rented);
            return Decode(rented.AsSpan(0, utf8Length), field);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Decodes raw bytes (a form name or value, or a JSON string as UTF-8).</summary>
    public static string Decode(ReadOnlySpan<byte> encoded, string field)
    {
        var rented = ArrayPool<byte>.Shared.Rent(Math.Max(encoded.Length, 1));
        try
        {
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
                    if (i + 2 >= encoded.Length || !TryHex(encoded[i + 1], out var high) || !TryHex(encoded[i + 2], out var low))
                    {
                        throw new MalformedCallbackException(field, "has a malformed %-escape");
                    }

                    b = (byte)((high << 4) | low);
                    i += 2;
                }

                rented[length++] = b;
            }

            try
            {
                return StrictUtf8.GetString(rented, 0, length);
            }
            catch (DecoderFallbackException)
            {
                throw new MalformedCallbackException(field, "is not UTF-8 after URL decoding");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
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
