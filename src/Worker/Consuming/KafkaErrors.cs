using Confluent.Kafka;

namespace KafkaRooms.Worker.Consuming;

/// <summary>What the Worker does about a Kafka error depends on its class, not its text.</summary>
internal static class KafkaErrors
{
    /// <summary>Storing or committing an offset of a partition this consumer no longer owns.</summary>
    public static bool IsNotAssigned(Error error) =>
        error.Code is ErrorCode.Local_State or ErrorCode.Local_UnknownPartition;

    /// <summary>A commit with nothing new stored: not a failure.</summary>
    public static bool IsNothingToCommit(Error error) => error.Code == ErrorCode.Local_NoOffset;

    /// <summary>Ends the consumer for good: the host must stop and be restarted.</summary>
    public static bool IsFatal(Error error) => error.IsFatal;
}
