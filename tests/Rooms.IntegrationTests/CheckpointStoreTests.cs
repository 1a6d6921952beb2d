using KafkaRooms.Rooms.Redis;
using KafkaRooms.Rooms.Redis.Checkpoints;
using KafkaRooms.Testing.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace KafkaRooms.Rooms.IntegrationTests;

/// <summary>The checkpoints in the state (docs/rules.md §7): one hash per primary, written only while nothing was lost.</summary>
public abstract class CheckpointStoreTests(RedisTarget target)
{
    private const string Cluster = "kafka-a";

    [Fact]
    public async Task A_primary_without_checkpoints_reads_as_absent_with_its_run_id()
    {
        var (store, layout) = NewStore();
        foreach (var shard in layout.Shards)
        {
            var reading = await store.ReadAsync(shard, Cluster, ["t:0", "t:1"]);
            Assert.Equal([null, null], reading.Offsets);
            Assert.Equal(await RunIdAsync(shard), reading.RunId);
        }
    }

    [Fact]
    public async Task Written_offsets_read_back_on_every_primary()
    {
        var (store, layout) = NewStore();
        foreach (var shard in layout.Shards)
        {
            var writing = await store.WriteAsync(shard, Cluster, null, [new("t:0", null, 10), new("t:1", null, 20)]);
            Assert.True(writing.Written);
            Assert.Equal([null, null], writing.Previous);
        }

        foreach (var shard in layout.Shards)
        {
            Assert.Equal([10L, 20L, null], (await store.ReadAsync(shard, Cluster, ["t:0", "t:1", "t:2"])).Offsets);
        }
    }

    [Fact]
    public async Task Offsets_of_another_kafka_cluster_count_as_absent_and_are_replaced_whole()
    {
        var (store, layout) = NewStore();
        var shard = layout.Shards[0];
        await store.WriteAsync(shard, "kafka-old", null, [new("t:0", null, 5000), new("t:1", null, 7000)]);

        Assert.Equal([null, null], (await store.ReadAsync(shard, Cluster, ["t:0", "t:1"])).Offsets);
        var writing = await store.WriteAsync(shard, Cluster, null, [new("t:0", null, 3)]);

        Assert.True(writing.Written);
        Assert.Equal([null], writing.Previous);
        Assert.Equal([3L, null], (await store.ReadAsync(shard, Cluster, ["t:0", "t:1"])).Offsets);
        Assert.Equal(Cluster, (string?)await Db.HashGetAsync(shard.Key, CheckpointStore.ClusterField));
    }

    [Fact]
    public async Task A_write_expecting_another_run_id_is_refused_and_changes_nothing()
    {
        var (store, layout) = NewStore();
        var shard = layout.Shards[0];
        await store.WriteAsync(shard, Cluster, null, [new("t:0", null, 10)]);

        var writing = await store.WriteAsync(shard, Cluster, "0000000000000000000000000000000000000000", [new("t:0", 10, 50)]);

        Assert.False(writing.Written);
        Assert.Equal(await RunIdAsync(shard), writing.RunId);
        Assert.Equal([10L], writing.Previous);
        Assert.Equal([10L], (await store.ReadAsync(shard, Cluster, ["t:0"])).Offsets);
    }

    [Fact]
    public async Task A_write_is_refused_when_a_checkpoint_the_writer_saw_went_missing_or_back()
    {
        var (store, layout) = NewStore();
        var shard = layout.Shards[0];
        var runId = (await store.WriteAsync(shard, Cluster, null, [new("t:0", null, 10), new("t:1", null, 10)])).RunId;

        await Db.HashSetAsync(shard.Key, "t:0", 4);
        var lowered = await store.WriteAsync(shard, Cluster, runId, [new("t:0", 10, 30), new("t:1", 10, 30)]);
        await Db.KeyDeleteAsync(shard.Key);
        var deleted = await store.WriteAsync(shard, Cluster, runId, [new("t:0", 4, 30)]);

        Assert.False(lowered.Written);
        Assert.Equal([4L, 10L], lowered.Previous);
        Assert.False(deleted.Written);
        Assert.Equal([null], deleted.Previous);
        Assert.False(await Db.KeyExistsAsync(shard.Key));
    }

    [Fact]
    public async Task A_write_at_or_past_what_the_writer_saw_goes_through_even_when_lower_than_before()
    {
        var (store, layout) = NewStore();
        var shard = layout.Shards[0];
        var runId = (await store.WriteAsync(shard, Cluster, null, [new("t:0", null, 10)])).RunId;

        // A repair writes a lower offset on purpose: the checkpoint then says less, which is safe.
        var writing = await store.WriteAsync(shard, Cluster, runId, [new("t:0", 10, 2)]);

        Assert.True(writing.Written);
        Assert.Equal([2L], (await store.ReadAsync(shard, Cluster, ["t:0"])).Offsets);
    }

    private IDatabase Db => target.Connection.GetDatabase();

    private (CheckpointStore Store, CheckpointLayout Layout) NewStore()
    {
        var store = new CheckpointStore(target.Connection, Options.Create(new RoomStateOptions { KeyPrefix = target.NewKeyPrefix() }));
        return (store, store.Layout());
    }

    private async Task<string> RunIdAsync(CheckpointShard shard)
    {
        // INFO is an admin command for the client; the suites' shared connections are not admin ones.
        var options = new ConfigurationOptions { EndPoints = { shard.Primary }, AllowAdmin = true };
        await using var admin = await ConnectionMultiplexer.ConnectAsync(options);
        var info = await admin.GetServer(shard.Primary).InfoAsync("server");
        return info.SelectMany(g => g).Single(p => p.Key == "run_id").Value;
    }
}

[Collection(RedisCollection.Name)]
public sealed class CheckpointStoreTestsOnRedisServer(RedisServerFixture fixture) : CheckpointStoreTests(RedisTarget.Of(fixture))
{
    [Fact]
    public void A_standalone_redis_has_one_checkpoint_hash_numbered_zero()
    {
        var store = new CheckpointStore(fixture.Connection, Options.Create(new RoomStateOptions { KeyPrefix = "kr" }));
        var shard = Assert.Single(store.Layout().Shards);
        Assert.Equal(0, shard.Number);
        Assert.Equal("kr:{checkpoint:0}", (string?)shard.Key);
    }
}

[Collection(RedisClusterCollection.Name)]
public sealed class CheckpointStoreTestsOnRedisCluster(RedisClusterFixture fixture) : CheckpointStoreTests(RedisTarget.Of(fixture))
{
    [Fact]
    public void Each_master_carries_the_lowest_numbered_hash_whose_slot_it_owns()
    {
        var prefix = fixture.NewKeyPrefix();
        var layout = CheckpointLayout.Discover(fixture.Connection, prefix);

        Assert.Equal(3, layout.Shards.Count);
        Assert.Equal(3, layout.Shards.Select(s => s.Primary).Distinct().Count());
        foreach (var shard in layout.Shards)
        {
            Assert.Equal(shard.Primary, fixture.Connection.GetServer(shard.Key).EndPoint);
            for (var lower = 0; lower < shard.Number; lower++)
            {
                Assert.NotEqual(shard.Primary, fixture.Connection.GetServer(CheckpointLayout.Key(prefix, lower)).EndPoint);
            }
        }
    }

    [Fact]
    public void A_bucket_belongs_to_the_shard_of_the_master_that_serves_its_slot()
    {
        var keys = new RoomKeySchema(fixture.NewKeyPrefix(), 64);
        var layout = CheckpointLayout.Discover(fixture.Connection, "kr");
        var shards = Enumerable.Range(0, 64).Select(b => layout.ShardOf(keys.Rooms(1, b))).ToList();

        Assert.All(shards, Assert.NotNull);
        Assert.Equal(3, shards.Distinct().Count());
        for (var b = 0; b < 64; b++)
        {
            Assert.Equal(fixture.Connection.GetServer(keys.Rooms(1, b)).EndPoint, shards[b]!.Primary);
        }
    }
}

/// <summary>A real redis-server brought back from an older snapshot: its checkpoints went back with its state.</summary>
public sealed class CheckpointRestartTests : IAsyncLifetime
{
    private readonly RedisServerFixture _server = RedisServerFixture.Private();

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task A_redis_restarted_from_an_older_snapshot_refuses_the_next_write_and_shows_the_snapshot_offsets()
    {
        var store = new CheckpointStore(_server.Connection, Options.Create(new RoomStateOptions { KeyPrefix = "restart" }));
        var shard = store.Layout().Shards[0];
        var before = await store.WriteAsync(shard, "kafka-a", null, [new("t:0", null, 10)]);
        await _server.StopAsync(save: true);
        await _server.StartAsync();
        await _server.WaitConnectedAsync();
        var afterSnapshot = await store.WriteAsync(shard, "kafka-a", before.RunId, [new("t:0", 10, 20)]);

        Assert.False(afterSnapshot.Written);
        Assert.NotEqual(before.RunId, afterSnapshot.RunId);
        Assert.Equal([10L], afterSnapshot.Previous);
    }
}
