using Confluent.Kafka;

namespace KafkaRooms.Worker.Telemetry;

/// <summary>The Worker's structured log messages.</summary>
internal static partial class WorkerLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Consuming {Topic} in group {GroupId} from {BootstrapServers}")]
    public static partial void Started(ILogger logger, string topic, string groupId, string bootstrapServers);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Partitions assigned: {Partitions}")]
    public static partial void PartitionsAssigned(ILogger logger, string partitions);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Partitions revoked: {Partitions}")]
    public static partial void PartitionsRevoked(ILogger logger, string partitions);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Partitions lost (their unfinished work goes to the next owner): {Partitions}")]
    public static partial void PartitionsLost(ILogger logger, string partitions);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "Kafka error {Code} (transient, riding it out): {Reason}")]
    public static partial void TransientKafkaError(ILogger logger, ErrorCode code, string reason);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Critical, Message = "Fatal Kafka error {Code}: {Reason}; stopping the host with a non-zero exit code")]
    public static partial void FatalKafkaError(ILogger logger, ErrorCode code, string reason);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Warning, Message = "Batch failed (attempt {Attempt}), retrying in {Delay}")]
    public static partial void BatchRetrying(ILogger logger, Exception exception, int attempt, TimeSpan delay);

    /// <summary>A later attempt of a failing batch: one line, the stack trace was logged with the first (2007).</summary>
    [LoggerMessage(EventId = 2027, Level = LogLevel.Warning, Message = "Batch failed again (attempt {Attempt}): {ErrorType}: {ErrorMessage}; retrying in {Delay}")]
    public static partial void BatchFailedAgain(ILogger logger, int attempt, string errorType, string errorMessage, TimeSpan delay);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Warning, Message = "Batch still unfinished after {Elapsed}; partitions paused, polling to keep group membership")]
    public static partial void Paused(ILogger logger, TimeSpan elapsed);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Information, Message = "Batch finished after {Elapsed}; partitions resumed")]
    public static partial void Resumed(ILogger logger, TimeSpan elapsed);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Warning, Message = "Dead-lettered {Source}: {Reason}")]
    public static partial void DeadLettered(ILogger logger, string source, string reason);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Debug, Message = "Offset of revoked partition {Partition} not stored ({Code}); the next owner reapplies it")]
    public static partial void OffsetOfRevokedPartition(ILogger logger, string partition, ErrorCode code);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Warning, Message = "Commit failed: {Code} {Reason}")]
    public static partial void CommitFailed(ILogger logger, ErrorCode code, string reason);

    [LoggerMessage(EventId = 2013, Level = LogLevel.Warning, Message = "Consumer Close() did not finish within {Timeout}; leaving without it")]
    public static partial void CloseTimedOut(ILogger logger, TimeSpan timeout);

    [LoggerMessage(EventId = 2014, Level = LogLevel.Information, Message = "Consumer closed")]
    public static partial void Closed(ILogger logger);

    [LoggerMessage(EventId = 2015, Level = LogLevel.Warning, Message = "Shutting down with a batch unfinished; its offsets are not stored and it will be reapplied")]
    public static partial void BatchAbandoned(ILogger logger);

    [LoggerMessage(EventId = 2016, Level = LogLevel.Error, Message = "Dead-letter producer error {Code} (fatal: {IsFatal}): {Reason}")]
    public static partial void DeadLetterProducerError(ILogger logger, ErrorCode code, string reason, bool isFatal);

    [LoggerMessage(EventId = 2017, Level = LogLevel.Warning, Message = "Consumed with an error {Code}: {Reason}")]
    public static partial void ConsumeError(ILogger logger, ErrorCode code, string reason);

    [LoggerMessage(EventId = 2018, Level = LogLevel.Critical, Message = "The consume loop failed unexpectedly; stopping the host")]
    public static partial void LoopCrashed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2020, Level = LogLevel.Warning, Message = "The consumer went back to {Position} (offset reset); tracking of that partition starts over")]
    public static partial void PartitionRestarted(ILogger logger, string position);

    [LoggerMessage(EventId = 2021, Level = LogLevel.Error, Message = "Kafka error {Code} needs an operator (authorization, authentication, topic); still polling: {Reason}")]
    public static partial void MisconfiguredKafka(ILogger logger, ErrorCode code, string reason);

    [LoggerMessage(EventId = 2022, Level = LogLevel.Warning, Message = "Repairing {Partition}: re-applying from offset {From} to {To} ({Reason}; checkpoint shards {Shards})")]
    public static partial void Repairing(ILogger logger, string partition, long from, long to, string reason, string shards);

    [LoggerMessage(EventId = 2023, Level = LogLevel.Warning, Message = "Checkpoint write failed; offsets are not stored until one succeeds")]
    public static partial void CheckpointWriteFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2024, Level = LogLevel.Warning, Message = "Checkpoint read failed; assigned partitions stay paused until one succeeds")]
    public static partial void CheckpointReadFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2025, Level = LogLevel.Warning, Message = "Seeking {Partition} to offset {Offset} failed ({Code}); paused, trying again")]
    public static partial void SeekFailed(ILogger logger, string partition, long offset, ErrorCode code);

    [LoggerMessage(EventId = 2026, Level = LogLevel.Warning, Message = "Kafka cluster id not known yet from {BootstrapServers} ({Problem}); assigned partitions wait for it")]
    public static partial void ClusterIdUnknown(ILogger logger, string bootstrapServers, string problem);
}
