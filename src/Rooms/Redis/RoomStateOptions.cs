using System.ComponentModel.DataAnnotations;

namespace KafkaRooms.Rooms.Redis;

/// <summary>Settings of the room state in Redis (configuration section "RoomState").</summary>
public sealed class RoomStateOptions
{
    public const string SectionName = "RoomState";

    /// <summary>Redis connection string (StackExchange.Redis format).</summary>
    [Required]
    public string Redis { get; set; } = "127.0.0.1:6379";

    /// <summary>Prefix of every key, so several deployments can share one Redis.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.-]{1,32}$")]
    public string KeyPrefix { get; set; } = "kr";

    /// <summary>Shards of each app's open-room list; each shard is one cluster hash slot.</summary>
    [Range(1, 16384)]
    public int BucketCount { get; set; } = 64;

    /// <summary>
    /// The minimum lifetime of tombstones and pending user data (docs/rules.md §4). Each is
    /// actually kept until its event time + max(this, <see cref="MaxEventAge"/>) +
    /// <see cref="MaxClockSkew"/> when that is later, so it outlives every event it refutes.
    /// </summary>
    public TimeSpan TombstoneRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Events older than now minus this are not applied (<c>expired</c>). Defaults to the
    /// tombstone retention; raise it only for a deliberate rebuild from old Kafka data.
    /// Raising it above <see cref="TombstoneRetention"/> is safe: tombstones and pending user
    /// data then live max age + max clock skew past their event time (and cost memory that
    /// long), so none expires while an event it refutes can still be applied.
    /// </summary>
    public TimeSpan? MaxEventAge { get; set; }

    /// <summary>
    /// How far in the future an event time may lie before it is rejected. The clocks of all
    /// workers are assumed to agree within this too: expiry and pruning of logged-out user
    /// sessions leave this much slack for a worker whose clock runs behind.
    /// </summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Approximate length kept of each bucket's change feed (XADD MAXLEN ~; docs/redis-schema.md,
    /// "Change feed"). 0 turns the feed off: nothing is appended.
    /// </summary>
    [Range(0, int.MaxValue)]
    public int ChangeFeedMaxLength { get; set; } = 10_000;

    /// <summary>
    /// Most events one rule-script call applies. Events of one bucket share a call; a bigger group
    /// is split, so one call never holds Redis for long.
    /// </summary>
    [Range(1, 4096)]
    public int MaxEventsPerCall { get; set; } = 256;

    /// <summary>
    /// Whether a batch's script calls go over the store's own pipelined connections (one per primary,
    /// answers read by a thread of their own; docs/worker.md, "Applying a batch") before the usual
    /// StackExchange.Redis path, which they fall back to. Off: the usual path only. Off with TLS.
    /// </summary>
    public bool PipelinedScriptCalls { get; set; } = true;

    public TimeSpan EffectiveMaxEventAge => MaxEventAge ?? TombstoneRetention;
}
