using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using KafkaRooms.Rooms.Reading;

namespace KafkaRooms.ReadApi.Changes;

/// <summary>
/// The text/event-stream lines (docs/read-api.md): one event per change, <c>id:</c> its cursor,
/// <c>event:</c> its kind, <c>data:</c> one line of JSON. A process's event streams of one app get
/// the same change objects from the shared feed, so each change is encoded once for all of them.
/// </summary>
internal static class ServerSentEvents
{
    private static readonly ConditionalWeakTable<RoomChange, byte[]> Encoded = [];
    private static readonly byte[] HeartbeatBytes = ": heartbeat\n\n"u8.ToArray();

    public static void WriteChange(PipeWriter writer, RoomChange change) =>
        writer.Write(Encoded.GetValue(change, Encode));

    /// <summary>An event with only an id: a client that has seen no change yet still resumes from here.</summary>
    public static void WriteStart(PipeWriter writer, string cursor) =>
        writer.Write(Encoding.UTF8.GetBytes($"id: {cursor}\n\n"));

    public static void WriteHeartbeat(PipeWriter writer) => writer.Write(HeartbeatBytes);

    /// <summary>A comment saying why the stream ends; the client's reconnect is then told what to do.</summary>
    public static void WriteEnd(PipeWriter writer, string reason) =>
        writer.Write(Encoding.UTF8.GetBytes($": {reason.ReplaceLineEndings(" ")}\n\n"));

    private static byte[] Encode(RoomChange change)
    {
        var data = JsonSerializer.Serialize(ChangeEventData.From(change), ChangeEventJsonContext.Default.ChangeEventData);
        return Encoding.UTF8.GetBytes($"id: {change.Cursor}\nevent: {change.Kind.WireName()}\ndata: {data}\n\n");
    }
}
