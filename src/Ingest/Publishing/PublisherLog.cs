using Confluent.Kafka;

namespace KafkaRooms.Ingest.Publishing;

internal static partial class PublisherLog
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning,
        Message = "Kafka did not confirm a {Kind} event of room {RoomId} (app {AppId}): {Failure}; answering 503 so ZEGO retries")]
    public static partial void NotConfirmed(ILogger logger, string kind, string roomId, uint appId, string failure);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Kafka producer error {Code}: {Reason}")]
    public static partial void ProducerError(ILogger logger, ErrorCode code, string reason);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Critical,
        Message = "Kafka producer fatal error {Code}: {Reason}; the producer is replaced")]
    public static partial void ProducerFatal(ILogger logger, ErrorCode code, string reason);

    [LoggerMessage(EventId = 1104, Message = "librdkafka {Facility}: {Text}")]
    public static partial void Librdkafka(ILogger logger, LogLevel level, string facility, string text);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Information,
        Message = "Publishing callbacks to topic {Topic} at {BootstrapServers} (idempotent, acks=all, confirm within {Timeout})")]
    public static partial void Started(ILogger logger, string topic, string bootstrapServers, TimeSpan timeout);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Warning, Message = "{Count} callback writes were still unconfirmed at shutdown")]
    public static partial void UnflushedAtShutdown(ILogger logger, int count);
}
