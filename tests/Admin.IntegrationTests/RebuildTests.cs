using KafkaRooms.KafkaNative;
using KafkaRooms.RoomHistories;
using KafkaRooms.Rooms.Reading;
using KafkaRooms.Rooms.Redis.Checkpoints;
using KafkaRooms.Testing.Kafka;
using KafkaRooms.Testing.Redis;
using Microsoft.Extensions.Options;

namespace KafkaRooms.Admin.IntegrationTests;

/// <summary>`rebuild`: the retained topic replayed into an empty Redis, with checkpoints of where it ended.</summary>
[Collection(AdminCollection.Name)]
public sealed class RebuildTests(KafkaFixture kafka, RedisServerFixture redis) : IAsyncLifetime
{
    private readonly RedisServerFixture _empty = RedisServerFixture.Private();

    public Task InitializeAsync() => _empty.InitializeAsync();

    public Task DisposeAsync() => _empty.DisposeAsync();

    [Fact]
    public async Task A_rebuild_into_an_empty_redis_equals_the_live_state_and_checkpoints_the_offsets_it_replayed()
    {
        using var world = await AdminWorld.CreateAsync(kafka, redis);
        var history = AdminWorld.History(seed: 21);
        var delivered = history.Delivery(new Random(21), duplicateRate: 0.2);
        await world.PublishAndApplyAsync(delivered);

        var run = await world.RunAsync("rebuild", "--redis", _empty.ConnectionString);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches(@"rebuild: 100\.0% \(\d+/\d+ messages\), \d+ events/s, ETA \d+ s", run.Err);
        var rebuilt = new RoomReader(_empty.Connection, Options.Create(world.Live));
        var live = await world.ReadLiveAsync(history.AppIds);
        Assert.Empty(TruthDiff.Compare(live, await StateReading.ReadAsync(rebuilt, history.AppIds)));
        Assert.Empty(TruthDiff.Compare(history.Truth, live));

        var checkpoints = new CheckpointStore(_empty.Connection, Options.Create(world.Live));
        var shard = Assert.Single(checkpoints.Layout().Shards);
        var clusterId = KafkaClusterId.Query([new("bootstrap.servers", kafka.BootstrapServers)], TimeSpan.FromSeconds(10))!;
        var fields = Enumerable.Range(0, 3).Select(p => CheckpointStore.Field(world.Topic, p)).ToList();
        var reading = await checkpoints.ReadAsync(shard, clusterId, fields);
        using var consumer = new Confluent.Kafka.ConsumerBuilder<byte[], byte[]>(new Confluent.Kafka.ConsumerConfig { BootstrapServers = kafka.BootstrapServers, GroupId = "ends" }).Build();
        var ends = Enumerable.Range(0, 3)
            .Select(p => (long?)consumer.QueryWatermarkOffsets(new Confluent.Kafka.TopicPartition(world.Topic, p), TimeSpan.FromSeconds(10)).High.Value)
            .ToList();
        Assert.Equal(ends, reading.Offsets);
        Assert.Equal(delivered.Count, ends.Sum());
    }

    [Fact]
    public async Task A_rebuild_refuses_a_prefix_that_already_holds_keys_and_changes_nothing()
    {
        using var world = await AdminWorld.CreateAsync(kafka, redis);
        await world.PublishAndApplyAsync(AdminWorld.History(seed: 22).Events);
        var before = await world.SnapshotAsync();

        var run = await world.RunAsync("rebuild");

        Assert.Equal(AdminFailure.ExitCode, run.ExitCode);
        Assert.Contains($"prefix {world.Live.KeyPrefix} already holds keys on the target Redis", run.Err, StringComparison.Ordinal);
        Assert.Equal(before, await world.SnapshotAsync());
    }
}
