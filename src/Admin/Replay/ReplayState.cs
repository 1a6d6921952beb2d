using KafkaRooms.Rooms.Redis;

namespace KafkaRooms.Admin.Replay;

/// <summary>The room-state settings a replay writes with: the live ones, with its own prefix and age limit.</summary>
internal static class ReplayState
{
    // The replay itself takes time, and its events only grow older meanwhile.
    private static readonly TimeSpan ReplayMargin = TimeSpan.FromHours(1);

    public static RoomStateOptions Options(RoomStateOptions live, string prefix, TimeSpan maxEventAge, bool changeFeed) => new()
    {
        KeyPrefix = prefix,
        BucketCount = live.BucketCount,
        TombstoneRetention = live.TombstoneRetention,
        MaxEventAge = maxEventAge,
        MaxClockSkew = live.MaxClockSkew,
        ChangeFeedMaxLength = changeFeed ? live.ChangeFeedMaxLength : 0,
        MaxEventsPerCall = live.MaxEventsPerCall,
    };

    /// <summary>
    /// The age limit that lets the replay apply everything the Workers applied (docs/rules.md §7):
    /// the oldest message was published at <paramref name="oldestMs"/>, and a Worker then applied
    /// events up to the live MaxEventAge older than that. Tombstones written meanwhile live that
    /// much longer (docs/redis-schema.md, "Lifetimes and clocks").
    /// </summary>
    public static TimeSpan MaxEventAge(AdminOptions options, long? oldestMs, DateTimeOffset now) =>
        options.MaxEventAge ?? (oldestMs is { } ms
            ? (now - DateTimeOffset.FromUnixTimeMilliseconds(ms)).Duration() + options.Live.EffectiveMaxEventAge + ReplayMargin
            : options.Live.EffectiveMaxEventAge);
}
