using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using KafkaRooms.Rooms.Kafka;
using KafkaRooms.Worker.Consuming;

namespace KafkaRooms.Worker.Telemetry;

/// <summary>
/// One activity per applied batch that carries a sampled callback (source <see cref="SourceName"/>),
/// continuing the traces of its messages across the Kafka hop: Ingest writes each callback's W3C
/// trace context into the message headers (RoomEventMessage), sampled or not. A batch has many
/// parents, so the activity links to every sampled message's context; a batch of one message
/// continues that message's trace as its child.
/// </summary>
/// <remarks>
/// The sampling decision is Ingest's (docs/architecture.md, "Telemetry"): a batch none of whose
/// messages was sampled records nothing, and costs one header lookup and one byte per message.
/// Recording every batch as a root of its own made the Worker's share of tracing a hundred times
/// Ingest's, and under a trickle, with a batch every few milliseconds, a visible part of the poll
/// thread (docs/benchmarks.md, "Worker under a trickle").
/// </remarks>
internal static class BatchTracing
{
    public const string SourceName = "KafkaRooms.Worker";

    /// <summary>
    /// Links beyond this many are dropped (OpenTelemetry's default span link limit);
    /// <c>messaging.batch.message_count</c> still tells the whole size.
    /// </summary>
    public const int MaxLinks = 128;

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>
    /// Starts the batch's activity (Activity.Current while it is applied); null when nobody
    /// listens or none of its messages was sampled.
    /// </summary>
    public static Activity? StartApply(DecodedBatch batch)
    {
        if (!Source.HasListeners() || batch.Count == 0)
        {
            return null;
        }

        List<ActivityContext>? sampled = null;
        foreach (var message in batch.EventSources)
        {
            AddIfSampled(message, ref sampled);
        }

        foreach (var rejected in batch.Rejected)
        {
            AddIfSampled(rejected.Source, ref sampled);
        }

        if (sampled is null)
        {
            return null;
        }

        var topic = batch.EventSources.Count > 0 ? batch.EventSources[0].Topic : batch.Rejected[0].Source.Topic;
        var tags = new ActivityTagsCollection
        {
            ["messaging.system"] = "kafka",
            ["messaging.operation.type"] = "process",
            ["messaging.destination.name"] = topic,
            ["messaging.batch.message_count"] = batch.Count,
        };

        // The batch's parents are its messages, never whatever is current on the consume loop.
        Activity.Current = null;
        return batch.Count == 1
            ? Source.StartActivity($"process {topic}", ActivityKind.Consumer, sampled[0], tags)
            : Source.StartActivity($"process {topic}", ActivityKind.Consumer, default(ActivityContext), tags,
                sampled.Distinct().Take(MaxLinks).Select(context => new ActivityLink(context)));
    }

    /// <summary>
    /// Whether a W3C traceparent (<c>version-traceid-parentid-flags</c>) has its sampled flag set,
    /// read off the bytes without parsing the rest; a malformed one is not sampled
    /// (ActivityContext.TryParse then decides what is well formed).
    /// </summary>
    internal static bool IsSampled(ReadOnlySpan<byte> traceParent) =>
        traceParent.Length >= 55 && traceParent[2] == '-' && traceParent[35] == '-' && traceParent[52] == '-'
        && traceParent[54] is (byte)'1' or (byte)'3' or (byte)'5' or (byte)'7' or (byte)'9' or (byte)'b' or (byte)'d' or (byte)'f';

    private static void AddIfSampled(ConsumeResult<byte[]?, byte[]?> message, ref List<ActivityContext>? sampled)
    {
        var headers = message.Message.Headers;
        if (headers is null || !headers.TryGetLastBytes(RoomEventHeaders.TraceParent, out var traceParent) || !IsSampled(traceParent))
        {
            return;
        }

        var context = RoomEventMessage.TraceContext(Encoding.ASCII.GetString(traceParent), HeaderText(headers, RoomEventHeaders.TraceState));
        if (context != default)
        {
            (sampled ??= []).Add(context);
        }
    }

    private static string? HeaderText(Headers headers, string name) =>
        headers.TryGetLastBytes(name, out var value) ? Encoding.UTF8.GetString(value) : null;
}
