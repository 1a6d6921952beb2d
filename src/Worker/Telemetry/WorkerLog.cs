using Confluent.Kafka;

namespace KafkaRooms.Worker.Telemetry;

/// <summary>The Worker's structured log messages.</summary>
internal static partial class WorkerLog
{
    [LoggerMessage(1, LogLevel.Information, "Consuming {Topic} in group {GroupId} from {BootstrapServers}")]
    public static partial void Started(ILogger logger, string topic, string groupId, string bootstrapServers);

    [LoggerMessage(2, LogLevel.Information, "Partitions assigned: {Partitions}")]
    public static partial void PartitionsAssigned(ILogger logger, string partitions);

    [LoggerMessage(3, LogLevel.Information, "Partitions revoked: {Partitions}")]
    public static partial void PartitionsRevoked(ILogger logger, string partitions);

    [LoggerMessage(4, LogLevel.Warning, "Partitions lost (their unfinished work goes to the next owner): {Partitions}")]
    public static partial void PartitionsLost(ILogger logger, string partitions);

    [LoggerMessage(5, LogLevel.Warning, "Kafka error {Code} (transient, riding it out): {Reason}")]
    public static partial void TransientKafkaError(ILogger logger, ErrorCode code, string reason);

    [LoggerMessage(6, LogLevel.Critical, "Fatal Kafka error {Code}: {Reason}; stopping the host with a non-zero exit code")]
    public static partial void FatalKafkaError(ILogger logger, ErrorCode code, string reason);

    [LoggerMessage(7, LogLevel.Warning, "Batch failed (attempt {Attempt}), retrying in {Delay}")]
    public static partial void BatchRetrying(ILogger logger, Exception exception, int attempt, TimeSpan delay);

    [LoggerMessage(8, LogLevel.Warning, "Batch still unfinished after {Elapsed}; partitions paused, polling to keep group membership")]
    public static partial void Paused(ILogger logger, TimeSpan elapsed);

    [LoggerMessage(9, LogLevel.Information, "Batch finished after {Elapsed}; partitions resumed")]
    public static partial void Resumed(ILogger logger, TimeSpan elapsed);

    [LoggerMessage(10, LogLevel.Warning, "Dead-lettered {Source}: {Reason}")]
    public static partial void DeadLettered(ILogger logger, string source, string reason);

    [LoggerMessage(11, LogLevel.Debug, "Offset of revoked partition {Partition} not stored (Local_State); the next owner reapplies it")]
    public static partial void OffsetOfRevokedPartition(ILogger logger, string partition);

    [LoggerMessage(12, LogLevel.Warning, "Commit failed: {Code} {Reason}")]
    public static partial void CommitFailed(ILogger logger, ErrorCode code, string reason);

    [LoggerMessage(13, LogLevel.Warning, "Consumer Close() did not finish within {Timeout}; leaving without it")]
    public static partial void CloseTimedOut(ILogger logger, TimeSpan timeout);

    [LoggerMessage(14, LogLevel.Information, "Consumer closed")]
    public static partial void Closed(ILogger logger);

    [LoggerMessage(15, LogLevel.Warning, "Shutting down with a batch unfinished; its offsets are not stored and it will be reapplied")]
    public static partial void BatchAbandoned(ILogger logger);

    [LoggerMessage(16, LogLevel.Error, "Dead-letter producer error {Code} (fatal: {IsFatal}): {Reason}")]
    public static partial void DeadLetterProducerError(ILogger logger, ErrorCode code, string reason, bool isFatal);

    [LoggerMessage(17, LogLevel.Warning, "Consumed with an error {Code}: {Reason}")]
    public static partial void ConsumeError(ILogger logger, ErrorCode code, string reason);

    [LoggerMessage(18, LogLevel.Critical, "The consume loop failed unexpectedly; stopping the host")]
    public static partial void LoopCrashed(ILogger logger, Exception exception);

    [LoggerMessage(20, LogLevel.Warning, "The consumer went back to {Position} (offset reset); tracking of that partition starts over")]
    public static partial void PartitionRestarted(ILogger logger, string position);

    [LoggerMessage(19, LogLevel.Warning, "Killed without commit or close (test hook)")]
    public static partial void Killed(ILogger logger);
}
