using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace KafkaRooms.Rooms.Redis.Checkpoints;

/// <summary>
/// The checkpoints in the state (docs/rules.md §7, docs/redis-schema.md "Checkpoints"): per Redis
/// primary, a hash with the Kafka cluster id its offsets belong to and, per partition of the
/// callbacks topic, the offset below which every message has been applied to that primary.
/// </summary>
public sealed class CheckpointStore
{
    /// <summary>The hash field that holds the Kafka cluster id.</summary>
    public const string ClusterField = "cluster";

    private readonly IConnectionMultiplexer _redis;
    private readonly string _keyPrefix;

    public CheckpointStore(IConnectionMultiplexer redis, IOptions<RoomStateOptions> options)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(options);
        _redis = redis;
        _keyPrefix = options.Value.KeyPrefix;
    }

    /// <summary>The field of a partition: <c>&lt;topic&gt;:&lt;partition&gt;</c>.</summary>
    public static string Field(string topic, int partition) =>
        string.Create(CultureInfo.InvariantCulture, $"{topic}:{partition}");

    /// <summary>Which hash each primary carries, as the client sees the topology now.</summary>
    public CheckpointLayout Layout() => CheckpointLayout.Discover(_redis, _keyPrefix);

    public async Task<CheckpointReading> ReadAsync(CheckpointShard shard, string clusterId, IReadOnlyList<string> fields)
    {
        ArgumentNullException.ThrowIfNull(shard);
        ArgumentException.ThrowIfNullOrEmpty(clusterId);
        ArgumentNullException.ThrowIfNull(fields);
        var text = new StringBuilder();
        foreach (var field in fields)
        {
            text.Append(field).Append('\n');
        }

        var reply = (RedisResult[])(await RoomScripts.ReadCheckpoints.EvaluateAsync(
            _redis.GetDatabase(), new { checkpoints = shard.Key, cluster = clusterId, fields = text.ToString() }).ConfigureAwait(false))!;
        return new CheckpointReading((string)reply[0]!, Offsets(reply, fields.Count));
    }

    /// <param name="expectedRunId">The run id this writer last saw on the primary; null when it has none (nothing to compare).</param>
    public async Task<CheckpointWriting> WriteAsync(
        CheckpointShard shard, string clusterId, string? expectedRunId, IReadOnlyList<CheckpointEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(shard);
        ArgumentException.ThrowIfNullOrEmpty(clusterId);
        ArgumentNullException.ThrowIfNull(entries);
        var text = new StringBuilder();
        foreach (var entry in entries)
        {
            text.Append(entry.Field).Append('\t')
                .Append(entry.Expected?.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(entry.Offset.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        var reply = (RedisResult[])(await RoomScripts.WriteCheckpoints.EvaluateAsync(
            _redis.GetDatabase(),
            new { checkpoints = shard.Key, cluster = clusterId, run = expectedRunId ?? "", entries = text.ToString() }).ConfigureAwait(false))!;
        return new CheckpointWriting((string)reply[0]!, (long)reply[1] == 1, Offsets(reply, entries.Count));
    }

    private static long?[] Offsets(RedisResult[] reply, int count)
    {
        var offsets = new long?[count];
        for (var i = 0; i < count; i++)
        {
            offsets[i] = reply[2 + i].IsNull ? null : long.Parse((string)reply[2 + i]!, CultureInfo.InvariantCulture);
        }

        return offsets;
    }
}
