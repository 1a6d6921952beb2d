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

    /// <summary>How long tombstones and pending user data are kept (RULES.md section 4).</summary>
    public TimeSpan TombstoneRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Events older than now minus this are not applied (<c>expired</c>). Defaults to the
    /// tombstone retention; raise both only for a deliberate rebuild from old Kafka data.
    /// </summary>
    public TimeSpan? MaxEventAge { get; set; }

    /// <summary>How far in the future an event time may lie before it is rejected.</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan EffectiveMaxEventAge => MaxEventAge ?? TombstoneRetention;
}
