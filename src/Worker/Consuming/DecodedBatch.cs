using Confluent.Kafka;
using KafkaRooms.Rooms.Contract;

namespace KafkaRooms.Worker.Consuming;

/// <summary>A polled batch split into events to apply and messages that can never be applied.</summary>
internal sealed class DecodedBatch
{
    public List<RoomEvent> Events { get; } = [];

    /// <summary>The message each entry of <see cref="Events"/> came from (same index).</summary>
    public List<ConsumeResult<byte[]?, byte[]?>> EventSources { get; } = [];

    public List<RejectedMessage> Rejected { get; } = [];

    public int Count => Events.Count + Rejected.Count;
}

/// <summary>A message that failed parsing or validation, and why (goes to the dead-letter topic).</summary>
internal sealed record RejectedMessage(ConsumeResult<byte[]?, byte[]?> Source, string Reason);
