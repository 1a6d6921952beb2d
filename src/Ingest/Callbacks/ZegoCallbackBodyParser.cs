using System.Text;
using System.Text.Json;

namespace KafkaRooms.Ingest.Callbacks;

/// <summary>Reads a ZEGO callback body (JSON or form) into its fields.</summary>
internal static class ZegoCallbackBodyParser
{
    /// <summary>
    /// A JSON object whose string values are URL-encoded: each is JSON-unescaped, then
    /// form-decoded once. Numbers keep their token text; nested objects and arrays (which the
    /// room callbacks do not have) are skipped; null counts as absent.
    /// </summary>
    public static ZegoCallbackFields ParseJson(ReadOnlySpan<byte> body)
    {
        var fields = new ZegoCallbackFields();
        // Utf8JsonReader does not skip a byte order mark; some HTTP clients write one.
        if (body.StartsWith("\uFEFF"u8))
        {
            body = body[3..];
        }

        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 16 });
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
                switch (reader.TokenType)
                {
                    case JsonTokenType.String:
                        fields.Add(name, FormDecoding.Decode(reader.GetString()!, name));
                        break;
                    case JsonTokenType.Number:
                        fields.Add(name, Encoding.UTF8.GetString(reader.ValueSpan));
                        break;
                    case JsonTokenType.True or JsonTokenType.False:
                        fields.Add(name, reader.GetBoolean() ? "true" : "false");
                        break;
                    case JsonTokenType.Null:
                        break;
                    default:
                        reader.Skip();
                        break;
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
            // GetString on invalid UTF-8 or a lone surrogate escape.
            throw new MalformedCallbackException(null, $"malformed JSON string: {FirstSentence(ex.Message)}");
        }

        return fields;
    }

    /// <summary>application/x-www-form-urlencoded: names and values are form-decoded once, here.</summary>
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
            var value = equals < 0 ? "" : FormDecoding.Decode(pair[(equals + 1)..], name);
            fields.Add(name, value);
        }

        return fields;
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..end];
    }
}
