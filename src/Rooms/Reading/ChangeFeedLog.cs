using Microsoft.Extensions.Logging;

namespace KafkaRooms.Rooms.Reading;

internal static partial class ChangeFeedLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning,
        Message = "Change feed of app {AppId}: the blocking read of {Buckets} bucket(s) from bucket {Bucket} failed, retrying: {Reason}")]
    public static partial void WakeupFailed(ILogger logger, uint appId, int bucket, int buckets, string reason);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning,
        Message = "Change feed of app {AppId} lost changes it had not read (trimmed or lost by Redis); its readers must re-read the room list: {Reason}")]
    public static partial void FeedExpired(ILogger logger, uint appId, string reason);
}
