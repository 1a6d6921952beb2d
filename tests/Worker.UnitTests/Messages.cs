using System.Text;
using Confluent.Kafka;
using KafkaRooms.Rooms.Contract;

namespace KafkaRooms.Worker.UnitTests;

/// <summary>Builds consumed messages the way the consumer hands them over.</summary>
internal static class Messages
{
    public static ConsumeResult<byte[]?, byte[]?> At(int partition, long offset, byte[]? value = null, Headers? headers = null, string? key = "room-1") =>
        new()
        {
            TopicPartitionOffset = new TopicPartitionOffset("callbacks", partition, offset),
            Message = new Message<byte[]?, byte[]?>
            {
                Key = key is null ? null : Encoding.UTF8.GetBytes(key),
                Value = value,
                Headers = headers ?? [],
                Timestamp = new Timestamp(1_700_000_000_000, TimestampType.CreateTime),
            },
        };

    public static RoomEvent Created(long timeMs, string roomId = "room-1") => new()
    {
        Kind = RoomEventKind.RoomCreated,
        AppId = 7,
        RoomId = roomId,
        RoomSession = 12345678901234567890UL,
        TimeMs = timeMs,
        Creator = "alice",
    };
}
