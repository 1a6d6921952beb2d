namespace KafkaRooms.Worker.Reconciliation;

/// <summary>The reconciler's structured log messages (docs/reconciliation.md, "Logs"). No message carries a secret or a signed URL.</summary>
internal static partial class ReconciliationLog
{
    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "App {AppId}: watching rooms (suspicion census every {CensusPeriod}); reconciliation with {BaseUrl}: {Reconciling}")]
    public static partial void Watching(ILogger logger, uint appId, TimeSpan censusPeriod, Uri baseUrl, bool reconciling);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Information, Message = "No app under Zego:Apps: no suspicion census and no reconciliation")]
    public static partial void NoApps(ILogger logger);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Information, Message = "App {AppId}: {Lease} lease taken; this replica does the work")]
    public static partial void LeaseTaken(ILogger logger, uint appId, string lease);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Warning, Message = "App {AppId}: {Lease} lease lost; stopping until it is taken again")]
    public static partial void LeaseLost(ILogger logger, uint appId, string lease);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Debug, Message = "App {AppId}: census of {Rooms} open rooms, {Suspects} suspect, {PendingOverdue} pending lifecycles overdue")]
    public static partial void Census(ILogger logger, uint appId, int rooms, int suspects, int pendingOverdue);

    [LoggerMessage(EventId = 2106, Level = LogLevel.Warning, Message = "App {AppId}: DescribeUserList for room {RoomId} failed ({Outcome}): {Detail}; no correction from this call")]
    public static partial void CallFailed(ILogger logger, uint appId, string roomId, string outcome, string detail);

    [LoggerMessage(EventId = 2107, Level = LogLevel.Information, Message = "App {AppId}: backing off ZEGO calls for {Delay} after {Failures} failure(s) in a row")]
    public static partial void BackingOff(ILogger logger, uint appId, TimeSpan delay, int failures);

    [LoggerMessage(EventId = 2108, Level = LogLevel.Information, Message = "App {AppId}: room {RoomId} (session {Session}) differs from ZEGO: {Differences}; confirming at {ConfirmAt:o}")]
    public static partial void Differs(ILogger logger, uint appId, string roomId, ulong session, string differences, DateTimeOffset confirmAt);

    [LoggerMessage(EventId = 2109, Level = LogLevel.Information, Message =
        "App {AppId}: corrected room {RoomId}: {Kind} session {Session} user {UserAccount} user session {UserSession} at {EventTimeMs} (observed {FirstObservedMs} and {SecondObservedMs}, published with source=reconcile)")]
    public static partial void CorrectedUser(
        ILogger logger, uint appId, string roomId, string kind, ulong session, string? userAccount, string? userSession, long eventTimeMs, long firstObservedMs, long secondObservedMs);

    [LoggerMessage(EventId = 2116, Level = LogLevel.Information, Message =
        "App {AppId}: corrected room {RoomId}: {Kind} session {Session} at {EventTimeMs} (observed {FirstObservedMs} and {SecondObservedMs}, published with source=reconcile)")]
    public static partial void CorrectedRoom(
        ILogger logger, uint appId, string roomId, string kind, ulong session, long eventTimeMs, long firstObservedMs, long secondObservedMs);

    [LoggerMessage(EventId = 2110, Level = LogLevel.Information, Message = "App {AppId}: room {RoomId} changed in the state while it was compared; its confirmation starts over")]
    public static partial void Changed(ILogger logger, uint appId, string roomId);

    [LoggerMessage(EventId = 2111, Level = LogLevel.Error, Message = "App {AppId}: publishing corrections for room {RoomId} failed; they are made again after the next agreeing observation")]
    public static partial void PublishFailed(ILogger logger, Exception exception, uint appId, string roomId);

    [LoggerMessage(EventId = 2112, Level = LogLevel.Error, Message = "App {AppId}: the reconciler's round failed ({Reason}); retrying after {Delay}")]
    public static partial void RoundFailed(ILogger logger, Exception exception, uint appId, string reason, TimeSpan delay);

    [LoggerMessage(EventId = 2113, Level = LogLevel.Warning, Message = "App {AppId}: room {RoomId}: ZEGO lists user {UserAccount}, who cannot be an event's user account ({Problem}); not corrected")]
    public static partial void InvalidCorrection(ILogger logger, uint appId, string roomId, string userAccount, string problem);

    [LoggerMessage(EventId = 2114, Level = LogLevel.Debug, Message = "App {AppId}: room {RoomId} agrees with ZEGO")]
    public static partial void InSync(ILogger logger, uint appId, string roomId);

    [LoggerMessage(EventId = 2115, Level = LogLevel.Error, Message = "Reconciliation producer error {Code} (fatal: {IsFatal}): {Reason}")]
    public static partial void ProducerError(ILogger logger, Confluent.Kafka.ErrorCode code, string reason, bool isFatal);
}
