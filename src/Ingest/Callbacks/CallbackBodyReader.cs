using System.Buffers;
using Microsoft.Net.Http.Headers;

namespace KafkaRooms.Ingest.Callbacks;

/// <summary>
/// The HTTP side of a callback: its media type, its encoding and its body within the size
/// limit. Whatever a client can get wrong in the framing (a chunk-size line that is not hex, a
/// body that stops early or arrives slower than Kestrel's minimum data rate) surfaces from
/// Kestrel as a <see cref="BadHttpRequestException"/> and becomes a 4xx here, never a 500.
/// </summary>
internal static class CallbackBodyReader
{
    public static async Task<(byte[] Body, CallbackBodyFormat Format)> ReadAsync(
        HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        var format = FormatOf(request.ContentType) ?? throw Refused(StatusCodes.Status415UnsupportedMediaType, "media_type",
            HeaderNames.ContentType, "must be application/json or application/x-www-form-urlencoded (UTF-8)");

        // A compressed body would otherwise fail later as "malformed JSON", naming the wrong cause.
        if (request.Headers.ContentEncoding is { Count: > 0 } encoding
            && !(encoding.Count == 1 && string.Equals(encoding[0], "identity", StringComparison.OrdinalIgnoreCase)))
        {
            throw Refused(StatusCodes.Status415UnsupportedMediaType, "media_type", HeaderNames.ContentEncoding,
                "is not supported: send the body uncompressed");
        }

        if (request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        try
        {
            return (await ReadWithinAsync(request, maxBytes, cancellationToken) ?? throw TooLarge(maxBytes), format);
        }
        catch (Exception ex) when (ex is BadHttpRequestException or IOException)
        {
            // Kestrel's own words are safe to repeat ("Bad chunk size data.", "Reading the request
            // body timed out due to data arriving too slowly..."); the stack trace is not logged.
            // A chunk size beyond 32 bits surfaces as a plain IOException, as does a connection
            // the client reset: both are the client's doing.
            var status = ex is BadHttpRequestException { StatusCode: >= 400 and < 500 } bad ? bad.StatusCode : StatusCodes.Status400BadRequest;
            var reason = status switch
            {
                StatusCodes.Status408RequestTimeout => "body_timeout",
                StatusCodes.Status413PayloadTooLarge => "body_too_large",
                _ => "framing",
            };
            throw Refused(status, reason, "body", $"could not be read: {ex.Message}");
        }
    }

    private static CallbackRefusedException TooLarge(int maxBytes) =>
        Refused(StatusCodes.Status413PayloadTooLarge, "body_too_large", "body", $"is larger than {maxBytes} bytes");

    private static CallbackRefusedException Refused(int status, string reason, string field, string problem) =>
        new(new CallbackRefusal(status, reason, field, problem));

    private static CallbackBodyFormat? FormatOf(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return null;
        }

        // Two charsets leave the reader to guess which one the sender meant.
        if (media.Parameters.Count(p => p.Name.Equals("charset", StringComparison.OrdinalIgnoreCase)) > 1)
        {
            return null;
        }

        var charset = HeaderUtilities.RemoveQuotes(media.Charset);
        if (charset.HasValue && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) ? CallbackBodyFormat.Json
            : media.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) ? CallbackBodyFormat.Form
            : null;
    }

    /// <summary>The whole body, or null as soon as it is known to exceed the limit.</summary>
    private static async Task<byte[]?> ReadWithinAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        var reader = request.BodyReader;
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            if (buffer.Length > maxBytes)
            {
                reader.AdvanceTo(buffer.End);
                return null;
            }

            if (read.IsCompleted)
            {
                var bytes = buffer.ToArray();
                reader.AdvanceTo(buffer.End);
                return bytes;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
