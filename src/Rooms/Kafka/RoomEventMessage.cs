using System.Globalization;
using System.Text;
using KafkaRooms.Rooms.Contract;

namespace KafkaRooms.Rooms.Kafka;

/// <summary>
/// How one event travels on the callbacks topic: key = room_id (UTF-8, so a room's events share
/// a partition), value = the JSON contract, headers = kind, receive time and contract version.
/// Ingest publishes with it; tests and benchmarks that pre-fill a topic use it too, so every
/// message looks alike. Free of any Kafka client so readers need none.
/// </summary>
public static class RoomEventMessage
{
    public static byte[] Key(RoomEvent roomEvent) => Encoding.UTF8.GetBytes(roomEvent.RoomId);

    public static byte[] Value(RoomEvent roomEvent) => RoomEventCodec.Serialize(roomEvent);

    public static KeyValuePair<string, byte[]>[] Headers(RoomEvent roomEvent) =>
    [
        new(RoomEventHeaders.Kind, Encoding.ASCII.GetBytes(roomEvent.Kind.ToWireName())),
        new(RoomEventHeaders.ReceivedMs, Encoding.ASCII.GetBytes(roomEvent.ReceivedMs.ToString(CultureInfo.InvariantCulture))),
        new(RoomEventHeaders.ContractVersion, Encoding.ASCII.GetBytes(roomEvent.Version.ToString(CultureInfo.InvariantCulture))),
    ];
}
