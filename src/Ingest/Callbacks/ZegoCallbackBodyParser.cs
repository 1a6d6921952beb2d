using System.Text;
using System.Text.Json;

namespace KafkaRooms.Ingest.Callbacks;

/// <summary>Reads a ZEGO callback body (JSON or form) into its fields, keeping each value's kind.</summary>
internal static class ZegoCallbackBodyParser
{
    /// <summary>JSON nesting deeper than this is refused; room callbacks are one flat object.</summary>
    public const int MaxDepth = 16;

    /// <summary>
    /// One JSON object (RFC 8259, UTF-8). Strings are JSON-unescaped here and URL-decoded when
    /// read (<see cref="ZegoCallbackFields"/>); numbers keep their token text; objects and arrays
    /// are skipped but remembered, so a field that must be a string can refuse one.
    /// </summary>
    public static ZegoCallbackFields ParseJson(byte[] body)
    {
        var fields = new ZegoCallbackFields(body);
        // Utf8JsonReader does not skip a byte order mark; some HTTP clients write one.
        var start = body.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
        var reader = new Utf8JsonReader(body.AsSpan(start), new JsonReaderOptions { MaxDepth = MaxDepth });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new MalformedCallbackException(null, "the JSON body must be an object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                // A documented name written plainly is known from its bytes; any other (or an
                // escaped one, room\u005fid) is read as a string, which also checks its UTF-8.
                var documented = reader.ValueIsEscaped ? null : ZegoFieldNames.DocumentedIndex(reader.ValueSpan);
                var name = documented is null ? reader.GetString()! : ZegoFieldNames.Documented[documented.Value];
                reader.Read();
                if (reader.TokenType == JsonTokenType.String && reader.ValueIsEscaped)
                {
                    // Rare: the unescaped text is not a slice of the body.
                    fields.Add(name, ZegoValueKind.Text, Encoding.UTF8.GetBytes(ReadString(ref reader, name)));
                    continue;
                }

                var kind = reader.TokenType switch
                {
                    JsonTokenType.String => ZegoValueKind.Text,
                    JsonTokenType.Number => ZegoValueKind.Number,
                    JsonTokenType.True or JsonTokenType.False => ZegoValueKind.Boolean,
                    JsonTokenType.Null => ZegoValueKind.Null,
                    _ => ZegoValueKind.Structure,
                };
                var (valueStart, valueLength) = (start + (int)reader.TokenStartIndex, reader.ValueSpan.Length);
                if (kind == ZegoValueKind.Text)
                {
                    // The token starts at its opening quote; its value (unescaped, so as written) after it.
                    valueStart++;
                    RequireUtf8(reader.ValueSpan, name);
                }
                else if (kind == ZegoValueKind.Structure)
                {
                    reader.Skip();
                    valueLength = 0;
                }
                else if (kind != ZegoValueKind.Number)
                {
                    valueLength = 0;
                }

                if (documented is { } index)
                {
                    fields.Add(index, kind, valueStart, valueLength);
                }
                else
                {
                    fields.Add(name, kind, valueStart, valueLength);
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                throw new MalformedCallbackException(null, "the JSON body must be exactly one object");
            }
        }
        catch (JsonException ex)
        {
            throw new MalformedCallbackException(null, $"malformed JSON at byte {reader.BytesConsumed}: {FirstSentence(ex.Message)}");
        }
        catch (InvalidOperationException ex)
        {
            // GetString of a property name holding invalid UTF-8 or a lone surrogate escape.
            throw new MalformedCallbackException(null, $"malformed JSON string: {FirstSentence(ex.Message)}");
        }

        return fields;
    }

    /// <summary>application/x-www-form-urlencoded: names are form-decoded here, values when read.</summary>
    public static ZegoCallbackFields ParseForm(byte[] body)
    {
        var fields = new ZegoCallbackFields(body);
        var offset = 0;
        while (offset < body.Length)
        {
            var rest = body.AsSpan(offset);
            var end = rest.IndexOf((byte)'&');
            var pair = end < 0 ? rest : rest[..end];
            var pairStart = offset;
            offset += end < 0 ? rest.Length : end + 1;
            if (pair.IsEmpty)
            {
                continue;
            }

            var equals = pair.IndexOf((byte)'=');
            var name = FormDecoding.Decode(equals < 0 ? pair : pair[..equals], "(form field name)");
            fields.Add(name, ZegoValueKind.Text, equals < 0 ? pairStart : pairStart + equals + 1, equals < 0 ? 0 : pair.Length - equals - 1);
        }

        return fields;
    }

    private static string ReadString(ref Utf8JsonReader reader, string name)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new MalformedCallbackException(name, "is not valid JSON text (invalid UTF-8 or a lone surrogate escape)");
        }
    }

    /// <summary>What <see cref="Utf8JsonReader.GetString"/> would refuse in an unescaped string: bytes that are not UTF-8.</summary>
    private static void RequireUtf8(ReadOnlySpan<byte> value, string name)
    {
        if (!System.Text.Unicode.Utf8.IsValid(value))
        {
            throw new MalformedCallbackException(name, "is not valid JSON text (invalid UTF-8 or a lone surrogate escape)");
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..end];
    }
}
