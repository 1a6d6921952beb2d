using System.Globalization;
using System.Net;
using StackExchange.Redis;

namespace KafkaRooms.Rooms.Redis.Checkpoints;

/// <summary>
/// Which checkpoint hash each Redis primary carries (docs/rules.md §7): one per primary, in a slot
/// that primary owns, so the checkpoints of a primary live and die with the state it holds (a
/// restart, a failover to a replica that was behind, a restore). Looked up from the client's
/// view of the topology; look it up again after the topology changes.
/// </summary>
public sealed class CheckpointLayout
{
    // Names tried before giving up on a primary that owns slots: CRC16 spreads consecutive
    // names over the slots, so a few dozen usually cover every primary.
    private const int MaxNumber = 1 << 16;

    private readonly IConnectionMultiplexer _redis;
    private readonly Dictionary<EndPoint, CheckpointShard> _byPrimary;

    private CheckpointLayout(IConnectionMultiplexer redis, List<CheckpointShard> shards)
    {
        _redis = redis;
        Shards = shards;
        _byPrimary = shards.ToDictionary(s => s.Primary);
    }

    /// <summary>One shard per primary that holds slots (one on a standalone Redis).</summary>
    public IReadOnlyList<CheckpointShard> Shards { get; }

    /// <summary>The checkpoint hash named <paramref name="number"/>: <c>&lt;prefix&gt;:{checkpoint:&lt;number&gt;}</c>.</summary>
    public static RedisKey Key(string keyPrefix, int number) =>
        string.Create(CultureInfo.InvariantCulture, $"{keyPrefix}:{{checkpoint:{number}}}");

    public static CheckpointLayout Discover(IConnectionMultiplexer redis, string keyPrefix)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentException.ThrowIfNullOrEmpty(keyPrefix);
        var primaries = PrimaryCount(redis);
        var shards = new List<CheckpointShard>(primaries);
        var seen = new HashSet<EndPoint>();
        for (var number = 0; shards.Count < primaries && number < MaxNumber; number++)
        {
            var key = Key(keyPrefix, number);
            var primary = redis.GetServer(key).EndPoint;
            if (seen.Add(primary))
            {
                shards.Add(new CheckpointShard(number, key, primary));
            }
        }

        return new CheckpointLayout(redis, shards);
    }

    /// <summary>
    /// The shard whose primary serves <paramref name="key"/>'s slot now; null when that primary is
    /// not one of this layout's (the topology changed since it was looked up).
    /// </summary>
    public CheckpointShard? ShardOf(RedisKey key) => _byPrimary.GetValueOrDefault(_redis.GetServer(key).EndPoint);

    private static int PrimaryCount(IConnectionMultiplexer redis)
    {
        var cluster = redis.GetServers().Select(s => s.ClusterConfiguration).FirstOrDefault(c => c is not null);
        return cluster is null ? 1 : Math.Max(1, cluster.Nodes.Count(n => !n.IsReplica && n.Slots.Count > 0));
    }
}
