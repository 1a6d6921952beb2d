using System.Buffers;
using KafkaRooms.Ingest.Publishing;
using KafkaRooms.Ingest.Telemetry;
using KafkaRooms.Rooms.Contract;
using KafkaRooms.Rooms.Redis;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace KafkaRooms.Ingest.Callbacks;

/// <summary>
/// POST /zego/callback: read, authenticate, validate, publish, and answer 200 only once Kafka
/// confirmed the write. Every refusal is problem+json naming the field at fault.
/// </summary>
internal sealed class ZegoCallbackHandler(
    CallbackAuthenticator authenticator,
    CallbackPublisher publisher,
    IOptions<IngestOptions> options,
    IOptions<RoomStateOptions> roomState,
    TimeProvider time,
    IngestMetrics metrics,
    ILogger<ZegoCallbackHandler> logger)
{
    private const string UnknownEvent = "unknown";
    private readonly IngestOptions _options = options.Value;

    // One bound for Ingest, Worker and the store (RULES.md section 4), so what Ingest accepts the store applies.
    private readonly TimeSpan _maxClockSkew = roomState.Value.MaxClockSkew;

    private enum BodyFormat
    {
        Json,
        Form,
    }

    public async Task<Results<JsonHttpResult<CallbackAck>, ProblemHttpResult>> HandleAsync(HttpContext http)
    {
        var request = http.Request;
        if (FormatOf(request.ContentType) is not { } format)
        {
            return Reject(StatusCodes.Status415UnsupportedMediaType, "media_type", UnknownEvent, "Content-Type",
                "must be application/json or application/x-www-form-urlencoded (UTF-8)");
        }

        var body = await ReadBodyAsync(request, _options.MaxBodyBytes, http.RequestAborted);
        if (body is null)
        {
            return Reject(StatusCodes.Status413PayloadTooLarge, "body_too_large", UnknownEvent, "body",
                $"is larger than {_options.MaxBodyBytes} bytes");
        }

        ZegoCallbackFields fields;
        uint appId;
        try
        {
            fields = format == BodyFormat.Json ? ZegoCallbackBodyParser.ParseJson(body) : ZegoCallbackBodyParser.ParseForm(body);
            appId = ZegoCallbackMapper.ParseAppId(fields);
        }
        catch (MalformedCallbackException ex)
        {
            return Reject(StatusCodes.Status400BadRequest, ex.Field is null ? "malformed_body" : "invalid_field", UnknownEvent,
                ex.Field ?? "body", ex.Problem);
        }

        var authentication = authenticator.Authenticate(appId, fields);
        if (!authentication.IsAccepted())
        {
            var (reason, detail) = authentication.Describe();
            metrics.SignatureFailed(reason);
            CallbackLog.SignatureRejected(logger, appId, reason);
            return Reject(StatusCodes.Status401Unauthorized, "signature", UnknownEvent, "signature", detail, log: false);
        }

        if (fields["event"] is not { Length: > 0 } eventName)
        {
            return Reject(StatusCodes.Status400BadRequest, "invalid_field", UnknownEvent, "event", "is required");
        }

        if (ZegoEventNames.TrackedKind(eventName) is not { } kind)
        {
            // ZEGO sends every subscribed kind to one URL; the others are acknowledged so it stops retrying.
            metrics.CallbackAnswered("other", "ignored");
            CallbackLog.Untracked(logger, eventName, appId);
            return TypedResults.Json(CallbackAck.Success, IngestJsonContext.Default.CallbackAck);
        }

        var now = time.GetUtcNow();
        RoomEvent roomEvent;
        try
        {
            roomEvent = ZegoCallbackMapper.ToRoomEvent(kind, appId, fields, now.ToUnixTimeMilliseconds());
        }
        catch (MalformedCallbackException ex)
        {
            return Reject(StatusCodes.Status400BadRequest, "invalid_field", eventName, ex.Field ?? "body", ex.Problem);
        }

        if (RoomEventValidator.Validate(roomEvent, now, _maxClockSkew) is { } violation)
        {
            return Reject(StatusCodes.Status400BadRequest, "invalid_field", eventName, violation.Field, violation.Problem);
        }

        var published = await publisher.PublishAsync(roomEvent, http.RequestAborted);
        if (!published.Confirmed)
        {
            metrics.CallbackAnswered(eventName, "unavailable");
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Kafka did not confirm the write",
                detail: "the event was not confirmed in time; retry later");
        }

        metrics.CallbackAnswered(eventName, "published");
        CallbackLog.Published(logger, roomEvent.Kind.ToWireName(), roomEvent.RoomId, appId, roomEvent.RoomSession, published.Partition, published.Offset);
        return TypedResults.Json(CallbackAck.Success, IngestJsonContext.Default.CallbackAck);
    }

    private ProblemHttpResult Reject(int statusCode, string reason, string eventName, string field, string problem, bool log = true)
    {
        metrics.Rejected(reason);
        metrics.CallbackAnswered(eventName, "rejected");
        if (log)
        {
            CallbackLog.Rejected(logger, statusCode, field, problem);
        }

        return TypedResults.Problem(
            statusCode: statusCode,
            title: statusCode switch
            {
                StatusCodes.Status401Unauthorized => "Callback not authenticated",
                StatusCodes.Status413PayloadTooLarge => "Callback body too large",
                StatusCodes.Status415UnsupportedMediaType => "Unsupported content type",
                _ => "Invalid callback",
            },
            detail: $"{field} {problem}",
            extensions: new Dictionary<string, object?> { ["field"] = field });
    }

    private static BodyFormat? FormatOf(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return null;
        }

        var charset = HeaderUtilities.RemoveQuotes(media.Charset);
        if (charset.HasValue && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) ? BodyFormat.Json
            : media.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) ? BodyFormat.Form
            : null;
    }

    /// <summary>The whole body, or null as soon as it is known to exceed the limit.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

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
