using KafkaRooms.Ingest.Publishing;
using KafkaRooms.Ingest.Telemetry;
using KafkaRooms.Rooms.Contract;
using KafkaRooms.Rooms.Redis;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace KafkaRooms.Ingest.Callbacks;

/// <summary>
/// POST /zego/callback: read, authenticate, map, clean, validate, publish, and answer 200 only
/// once Kafka confirmed the write. Every refusal is a 4xx problem+json naming the field at fault
/// as ZEGO names it, logged as one warning line without a stack trace; the only 5xx is 503 when
/// Kafka does not confirm.
/// </summary>
internal sealed class ZegoCallbackHandler(
    CallbackAuthenticator authenticator,
    CallbackPublisher publisher,
    IOptions<IngestOptions> options,
    IOptions<RoomStateOptions> roomState,
    TimeProvider time,
    IngestMetrics metrics,
    CallbackMetrics callbackMetrics,
    ILogger<ZegoCallbackHandler> logger)
{
    private const string UnknownEvent = "unknown";
    private readonly IngestOptions _options = options.Value;

    // One bound for Ingest, Worker and the store (docs/rules.md §4), so what Ingest accepts the store applies.
    private readonly TimeSpan _maxClockSkew = roomState.Value.MaxClockSkew;

    public async Task<Results<CallbackAckResult, ProblemHttpResult>> HandleAsync(HttpContext http)
    {
        var eventName = UnknownEvent;
        try
        {
            var (body, format) = await CallbackBodyReader.ReadAsync(http.Request, _options.MaxBodyBytes, http.RequestAborted);
            var fields = format == CallbackBodyFormat.Json ? ZegoCallbackBodyParser.ParseJson(body) : ZegoCallbackBodyParser.ParseForm(body);
            var appId = ZegoCallbackMapper.ParseAppId(fields);
            var authentication = authenticator.Authenticate(appId, fields);
            if (!authentication.IsAccepted())
            {
                var (reason, detail) = authentication.Describe();
                metrics.SignatureFailed(reason);
                CallbackLog.SignatureRejected(logger, appId, reason);
                return Reject(new CallbackRefusal(StatusCodes.Status401Unauthorized, "signature", ZegoFieldNames.Signature, detail), eventName, log: false);
            }

            callbackMetrics.Verified(authentication);
            if (fields.Text(ZegoFieldNames.Event) is not { Length: > 0 } name)
            {
                throw new MalformedCallbackException(ZegoFieldNames.Event, "is required");
            }

            if (ZegoEventNames.TrackedKind(name) is not { } kind)
            {
                // ZEGO sends every subscribed kind to one URL; the others are acknowledged so it stops retrying.
                metrics.CallbackAnswered("other", "ignored");
                CallbackLog.Untracked(logger, InformationalFields.Clean(name, 64)!, appId);
                return CallbackAckResult.Success;
            }

            eventName = name;
            return await PublishAsync(kind, appId, fields);
        }
        catch (CallbackRefusedException ex)
        {
            return Reject(ex.Refusal, eventName);
        }
        catch (MalformedCallbackException ex)
        {
            return Reject(new CallbackRefusal(StatusCodes.Status400BadRequest, ex.Field is null ? "malformed_body" : "invalid_field",
                ex.Field ?? "body", ex.Problem), eventName);
        }
    }

    private async Task<Results<CallbackAckResult, ProblemHttpResult>> PublishAsync(
        RoomEventKind kind, uint appId, ZegoCallbackFields fields)
    {
        var eventName = ZegoEventNames.Of(kind);
        var now = time.GetUtcNow();
        var mapped = ZegoCallbackMapper.ToRoomEvent(kind, appId, fields, now.ToUnixTimeMilliseconds(), out var repaired);

        // Informational fields never refuse a callback (docs/rules.md §4): the same cleaning the Worker applies.
        var roomEvent = InformationalFields.Clean(mapped, out var cleaned);
        callbackMetrics.Cleaned(repaired | cleaned);

        if (RoomEventValidator.Validate(roomEvent, now, _maxClockSkew) is { } violation)
        {
            throw new MalformedCallbackException(ZegoFieldNames.Of(kind, violation.Field), violation.Problem);
        }

        // Not cancelled when the caller goes away: the write is under way and its report comes
        // within the publish timeout (or the backstop's), so nothing waits for ever.
        var published = await publisher.PublishAsync(roomEvent);
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
        return CallbackAckResult.Success;
    }

    private ProblemHttpResult Reject(CallbackRefusal refusal, string eventName, bool log = true)
    {
        metrics.Rejected(refusal.Reason);
        metrics.CallbackAnswered(eventName, "rejected");
        if (log)
        {
            CallbackLog.Rejected(logger, refusal.StatusCode, refusal.Field, refusal.Problem);
        }

        return TypedResults.Problem(
            statusCode: refusal.StatusCode,
            title: refusal.StatusCode switch
            {
                StatusCodes.Status401Unauthorized => "Callback not authenticated",
                StatusCodes.Status408RequestTimeout => "Callback body arrived too slowly",
                StatusCodes.Status413PayloadTooLarge => "Callback body too large",
                StatusCodes.Status415UnsupportedMediaType => "Unsupported content type or encoding",
                _ => "Invalid callback",
            },
            detail: $"{refusal.Field} {refusal.Problem}",
            extensions: new Dictionary<string, object?> { ["field"] = refusal.Field });
    }
}
