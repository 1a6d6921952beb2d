using System.Text.Json;

namespace KafkaRooms.Rooms.Contract;

/// <summary>Reads and writes the versioned event contract (UTF-8 JSON, source-generated).</summary>
public static class RoomEventCodec
{
    public static byte[] Serialize(RoomEvent roomEvent) =>
        JsonSerializer.SerializeToUtf8Bytes(roomEvent, RoomEventJsonContext.Default.RoomEvent);

    /// <summary>Parses a message value; throws <see cref="RoomEventFormatException"/> naming what is wrong.</summary>
    public static RoomEvent Deserialize(ReadOnlySpan<byte> utf8Json) =>
        Checked(RoomEventFastReader.TryRead(utf8Json) ?? DeserializeWithSerializer(utf8Json));

    /// <summary>
    /// The serializer's reading, which defines the contract; <see cref="RoomEventFastReader"/>
    /// reads the usual shape the same way, faster, and leaves everything else to this.
    /// </summary>
    internal static RoomEvent DeserializeWithSerializer(ReadOnlySpan<byte> utf8Json)
    {
        RoomEvent? roomEvent;
        try
        {
            roomEvent = JsonSerializer.Deserialize(utf8Json, RoomEventJsonContext.Default.RoomEvent);
        }
        catch (JsonException ex)
        {
            throw new RoomEventFormatException($"not a valid event contract: {ex.Message}", ex);
        }

        if (roomEvent is null)
        {
            throw new RoomEventFormatException("not a valid event contract: null");
        }

        return roomEvent;
    }

    private static RoomEvent Checked(RoomEvent roomEvent)
    {
        if (roomEvent.Version != RoomEvent.CurrentVersion)
        {
            throw new RoomEventFormatException(
                $"unsupported contract version {roomEvent.Version} (this build reads {RoomEvent.CurrentVersion})");
        }

        return roomEvent;
    }
}

public sealed class RoomEventFormatException : Exception
{
    public RoomEventFormatException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
