namespace KafkaRooms.Ingest.Callbacks;

internal static partial class CallbackLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning,
        Message = "Zego:AllowUnsignedCallbacks is on: callbacks without a signature are accepted. Development only.")]
    public static partial void UnsignedCallbacksAllowed(ILogger logger);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information,
        Message = "ZEGO callbacks accepted for {AppCount} apps ({RotatingCount} with a next secret); timestamp tolerance {Tolerance}, max clock skew {MaxClockSkew}, body limit {MaxBodyBytes} bytes")]
    public static partial void Configured(ILogger logger, int appCount, int rotatingCount, TimeSpan tolerance, TimeSpan maxClockSkew, int maxBodyBytes);

    // Only the reason: never the signature, the secret or the body.
    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning,
        Message = "Callback for app {AppId} refused (401): {Reason}")]
    public static partial void SignatureRejected(ILogger logger, uint appId, string reason);

    // A client's fault: one line, never the exception or its stack trace.
    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning,
        Message = "Callback refused ({StatusCode}): {Field} {Problem}")]
    public static partial void Rejected(ILogger logger, int statusCode, string field, string problem);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Debug, Message = "Untracked callback kind {EventName} from app {AppId} acknowledged, not published")]
    public static partial void Untracked(ILogger logger, string eventName, uint appId);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Debug,
        Message = "{Kind} of room {RoomId} (app {AppId}, session {RoomSession}) written to partition {Partition} at offset {Offset}")]
    public static partial void Published(ILogger logger, string kind, string roomId, uint appId, ulong roomSession, int partition, long offset);
}
