using System.Diagnostics;
using System.Globalization;
using System.Text;
using KafkaRooms.Rooms.Contract;

namespace KafkaRooms.Rooms.Kafka;

/// <summary>
/// How one event travels on the callbacks topic: key = room_id (UTF-8, so a room's events share
/// a partition), value = the JSON contract, headers = kind, receive time, contract version and
/// the producer's W3C trace context. Ingest publishes with it; tests and benchmarks that pre-fill
/// a topic use it too, so every message looks alike. Free of any Kafka client so readers need none.
/// </summary>
public static class RoomEventMessage
{
    public static byte[] Key(RoomEvent roomEvent) => Encoding.UTF8.GetBytes(roomEvent.RoomId);

    public static byte[] Value(RoomEvent roomEvent) => RoomEventCodec.Serialize(roomEvent);

    /// <summary>
    /// The headers of <paramref name="roomEvent"/>'s message; <c>traceparent</c> (and
    /// <c>tracestate</c>) when the producing code runs inside a W3C activity (<see cref="Activity.Current"/>).
    /// </summary>
    public static KeyValuePair<string, byte[]>[] Headers(RoomEvent roomEvent)
    {
        KeyValuePair<string, byte[]>[] headers =
        [
            new(RoomEventHeaders.Kind, Encoding.ASCII.GetBytes(roomEvent.Kind.ToWireName())),
            new(RoomEventHeaders.ReceivedMs, Encoding.ASCII.GetBytes(roomEvent.ReceivedMs.ToString(CultureInfo.InvariantCulture))),
            new(RoomEventHeaders.ContractVersion, Encoding.ASCII.GetBytes(roomEvent.Version.ToString(CultureInfo.InvariantCulture))),
        ];
        return Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity ? [.. headers, .. TraceHeaders(activity)] : headers;
    }

    /// <summary>The trace context a consumer continues, or default when the headers carry none (or a malformed one).</summary>
    public static ActivityContext TraceContext(string? traceParent, string? traceState) =>
        ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var context) ? context : default;

    private static IEnumerable<KeyValuePair<string, byte[]>> TraceHeaders(Activity activity)
    {
        // A W3C activity's id is its traceparent: version-traceid-spanid-flags.
        yield return new(RoomEventHeaders.TraceParent, Encoding.ASCII.GetBytes(activity.Id!));
        if (!string.IsNullOrEmpty(activity.TraceStateString))
        {
            yield return new(RoomEventHeaders.TraceState, Encoding.UTF8.GetBytes(activity.TraceStateString));
        }
    }
}
