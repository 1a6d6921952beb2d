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
    public static ZegoCallbackFields ParseJson(ReadOnlySpan<byte> body)
    {
        var fields = new ZegoCallbackFields();
        // Utf8JsonReader does not skip a byte order mark; some HTTP clients write one.
        if (body.StartsWith("\uFEFF"u8))
        {
            body = body[3..];
        }

        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = MaxDepth });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new MalformedCallbackException(null, "the JSON body must be an object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                var (kind, bytes) = reader.TokenType switch
                {
                    JsonTokenType.String => (ZegoValueKind.Text, Encoding.UTF8.GetBytes(ReadString(ref reader, name))),
                    JsonTokenType.Number => (ZegoValueKind.Number, reader.ValueSpan.ToArray()),
                    JsonTokenType.True or JsonTokenType.False => (ZegoValueKind.Boolean, []),
                    JsonTokenType.Null => (ZegoValueKind.Null, []),
                    _ => (ZegoValueKind.Structure, Skip(ref reader)),
                };
                fields.Add(name, kind, bytes);
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
    public static ZegoCallbackFields ParseForm(ReadOnlySpan<byte> body)
    {
        var fields = new ZegoCallbackFields();
        while (!body.IsEmpty)
        {
            var end = body.IndexOf((byte)'&');
            var pair = end < 0 ? body : body[..end];
            body = end < 0 ? [] : body[(end + 1)..];
            if (pair.IsEmpty)
            {
                continue;
            }

            var equals = pair.IndexOf((byte)'=');
            var name = FormDecoding.Decode(equals < 0 ? pair : pair[..equals], "(form field name)");
            fields.Add(name, ZegoValueKind.Text, equals < 0 ? [] : pair[(equals + 1)..].ToArray());
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

    private static byte[] Skip(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return [];
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..end];
    }
}
