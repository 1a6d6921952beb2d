using KafkaRooms.Admin.Replay;
using KafkaRooms.Rooms.Redis;
using KafkaRooms.Rooms.Redis.Checkpoints;
using Microsoft.Extensions.Options;

namespace KafkaRooms.Admin.Rebuild;

/// <summary>
/// `rebuild`: replays the retained topic into an empty Redis or key prefix, with the age limit
/// raised to cover the retention, then writes the checkpoints of the offsets it reached, so
/// Workers switched over re-apply only what came after (docs/rules.md §7, docs/operations.md).
/// </summary>
internal sealed class RebuildCommand(AdminOptions options, TextWriter output, TextWriter progress)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var topic = options.Kafka.CallbacksTopic;
        var (clusterId, partitions) = Preflight.Kafka(options.Kafka, options.Timeout);
        await using var target = await Preflight.RedisAsync(options.ReplayRedis, "target", options.Timeout).ConfigureAwait(false);
        if (await KeyPrefixes.HoldsKeysAsync(target, options.Prefix).ConfigureAwait(false))
        {
            throw new AdminFailure($"prefix {options.Prefix} already holds keys on the target Redis: rebuild writes only into an empty Redis or key prefix (--redis, --prefix)");
        }

        using var consumer = ReplayConsumer.Build(options.Kafka);
        var ranges = Preflight.Kafka(options.Kafka, "list the offsets", () => ReplayPlanner.Retained(consumer, topic, partitions, since: null, options.Timeout));
        var oldest = ReplayPlanner.OldestTimestampMs(consumer, topic, ranges, options.Timeout);
        var state = ReplayState.Options(options.Live, options.Prefix, ReplayState.MaxEventAge(options, oldest, started), changeFeed: true);
        var counts = new ReplayCounts();
        var replay = new TopicReplay(consumer, topic, new RoomStore(target, Options.Create(state), TimeProvider.System), options.Live.MaxClockSkew, progress);
        await replay.RunAsync(ranges, since: null, counts, "rebuild", cancellationToken).ConfigureAwait(false);

        var checkpoints = new CheckpointStore(target, Options.Create(state));
        var entries = ranges.Select(r => new CheckpointEntry(CheckpointStore.Field(topic, r.Partition), null, r.To)).ToList();
        var layout = checkpoints.Layout();
        foreach (var shard in layout.Shards)
        {
            await checkpoints.WriteAsync(shard, clusterId, expectedRunId: null, entries).ConfigureAwait(false);
        }

        output.WriteLine($"rebuilt prefix {state.KeyPrefix} from {topic} (Kafka cluster {clusterId}): {counts}; max event age {state.MaxEventAge}");
        output.WriteLine($"checkpoints on {layout.Shards.Count} primary(ies): {string.Join(" ", entries.Select(e => $"{e.Field}={e.Offset}"))}");
        output.WriteLine("switch over (docs/operations.md, \"Rebuild\"): point the Workers at it (RoomState__Redis, RoomState__KeyPrefix) and restart them;");
        output.WriteLine("they re-apply what arrived after these offsets. Once their lag is ~0, point the readers at it, then delete the old keys.");
        return 0;
    }
}
