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
        // Built straight into an array of the right size: every callback Ingest accepts goes through here.
        var activity = Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current : null;
        var traceState = activity?.TraceStateString;
        var headers = new KeyValuePair<string, byte[]>[activity is null ? 3 : string.IsNullOrEmpty(traceState) ? 4 : 5];
        headers[0] = new(RoomEventHeaders.Kind, Encoding.ASCII.GetBytes(roomEvent.Kind.ToWireName()));
        headers[1] = new(RoomEventHeaders.ReceivedMs, Encoding.ASCII.GetBytes(roomEvent.ReceivedMs.ToString(CultureInfo.InvariantCulture)));
        headers[2] = new(RoomEventHeaders.ContractVersion, Encoding.ASCII.GetBytes(roomEvent.Version.ToString(CultureInfo.InvariantCulture)));
        if (activity is not null)
        {
            // A W3C activity's id is its traceparent: version-traceid-spanid-flags.
            headers[3] = new(RoomEventHeaders.TraceParent, Encoding.ASCII.GetBytes(activity.Id!));
            if (headers.Length == 5)
            {
                headers[4] = new(RoomEventHeaders.TraceState, Encoding.UTF8.GetBytes(traceState!));
            }
        }

        return headers;
    }

    /// <summary>The trace context a consumer continues, or default when the headers carry none (or a malformed one).</summary>
    public static ActivityContext TraceContext(string? traceParent, string? traceState) =>
        ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var context) ? context : default;
}
