using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using KafkaRooms.Rooms.Kafka;
using KafkaRooms.Worker.Consuming;

namespace KafkaRooms.Worker.Telemetry;

/// <summary>
/// One activity per applied batch (source <see cref="SourceName"/>), continuing the traces of
/// its messages across the Kafka hop: Ingest writes each callback's W3C trace context into the
/// message headers (RoomEventMessage). A batch has many parents, so the activity links to every
/// message's context; a batch of one message continues that message's trace as its child.
/// Nothing is parsed or allocated while no one listens to the source.
/// </summary>
internal static class BatchTracing
{
    public const string SourceName = "KafkaRooms.Worker";

    /// <summary>
    /// Links beyond this many are dropped (OpenTelemetry's default span link limit);
    /// <c>messaging.batch.message_count</c> still tells the whole size.
    /// </summary>
    public const int MaxLinks = 128;

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>Starts the batch's activity (Activity.Current while it is applied); null when nobody listens.</summary>
    public static Activity? StartApply(DecodedBatch batch)
    {
        if (!Source.HasListeners() || batch.Count == 0)
        {
            return null;
        }

        var messages = batch.EventSources.Concat(batch.Rejected.Select(rejected => rejected.Source)).ToList();
        var contexts = messages.Select(message => TraceContextOf(message.Message.Headers)).Where(context => context != default).ToList();
        var topic = messages[0].Topic;
        var tags = new ActivityTagsCollection
        {
            ["messaging.system"] = "kafka",
            ["messaging.operation.type"] = "process",
            ["messaging.destination.name"] = topic,
            ["messaging.batch.message_count"] = messages.Count,
        };

        // The batch's parents are its messages, never whatever is current on the consume loop.
        Activity.Current = null;
        return messages.Count == 1
            ? Source.StartActivity($"process {topic}", ActivityKind.Consumer, contexts.FirstOrDefault(), tags)
            : Source.StartActivity($"process {topic}", ActivityKind.Consumer, default(ActivityContext), tags,
                contexts.Distinct().Take(MaxLinks).Select(context => new ActivityLink(context)));
    }

    private static ActivityContext TraceContextOf(Headers? headers) =>
        RoomEventMessage.TraceContext(HeaderText(headers, RoomEventHeaders.TraceParent), HeaderText(headers, RoomEventHeaders.TraceState));

    private static string? HeaderText(Headers? headers, string name) =>
        headers is not null && headers.TryGetLastBytes(name, out var value) ? Encoding.UTF8.GetString(value) : null;
}
