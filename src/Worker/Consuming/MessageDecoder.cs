using Confluent.Kafka;
using KafkaRooms.Rooms.Contract;
using KafkaRooms.Rooms.Redis;
using Microsoft.Extensions.Options;

namespace KafkaRooms.Worker.Consuming;

/// <summary>
/// Turns Kafka messages into events through the shared contract and validator (the same
/// checks Ingest applies), so anything that slipped past Ingest or was written by another
/// producer is rejected with a reason instead of touching state. The clock skew bound is the
/// store's own (RoomState:MaxClockSkew), so an event accepted here is not refused there.
/// </summary>
internal sealed class MessageDecoder(IOptions<RoomStateOptions> options, TimeProvider timeProvider)
{
    private readonly TimeSpan _maxClockSkew = options.Value.MaxClockSkew;

    public DecodedBatch Decode(IReadOnlyList<ConsumeResult<byte[]?, byte[]?>> messages)
    {
        var batch = new DecodedBatch();
        var now = timeProvider.GetUtcNow();
        foreach (var message in messages)
        {
            var (roomEvent, reason) = Decode(message.Message.Value, now);
            if (roomEvent is not null)
            {
                batch.Events.Add(roomEvent);
                batch.EventSources.Add(message);
            }
            else
            {
                batch.Rejected.Add(new RejectedMessage(message, reason!));
            }
        }

        return batch;
    }

    private (RoomEvent? Event, string? Reason) Decode(byte[]? value, DateTimeOffset now)
    {
        if (value is null || value.Length == 0)
        {
            return (null, "empty message value");
        }

        RoomEvent roomEvent;
        try
        {
            roomEvent = InformationalFields.Clean(RoomEventCodec.Deserialize(value));
        }
        catch (RoomEventFormatException ex)
        {
            return (null, ex.Message);
        }

        return RoomEventValidator.Validate(roomEvent, now, _maxClockSkew) is { } violation
            ? (null, $"invalid event: {violation}")
            : (roomEvent, null);
    }
}
