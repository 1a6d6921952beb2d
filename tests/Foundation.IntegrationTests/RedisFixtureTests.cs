using KafkaRooms.Testing.Redis;
using StackExchange.Redis;

namespace KafkaRooms.Foundation.IntegrationTests;

[Collection(RedisCollection.Name)]
public sealed class RedisFixtureTests(RedisServerFixture redis)
{
    [Fact]
    public async Task Eval_runs_a_script_on_the_private_server()
    {
        var key = (RedisKey)$"{redis.NewKeyPrefix()}:counter";
        var db = redis.Connection.GetDatabase();
        var first = (long)await db.ScriptEvaluateAsync("return redis.call('INCRBY', KEYS[1], ARGV[1])", [key], [5]);
        var second = (long)await db.ScriptEvaluateAsync("return redis.call('INCRBY', KEYS[1], ARGV[1])", [key], [7]);
        Assert.Equal(5, first);
        Assert.Equal(12, second);
    }

    [Fact]
    public async Task Missing_redis_server_fails_with_what_to_install()
    {
        var emptyPath = Directory.CreateTempSubdirectory("no-redis-").FullName;
        var fixture = RedisServerFixture.Private(emptyPath);
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(fixture.InitializeAsync);
        Assert.Contains("redis-server was not found", failure.Message);
        Assert.Contains("apt-get install -y redis-server", failure.Message);
    }

    [Fact]
    public async Task A_saved_server_keeps_its_data_across_stop_and_start()
    {
        var fixture = RedisServerFixture.Private();
        await fixture.InitializeAsync();
        try
        {
            var key = (RedisKey)"kept";
            await fixture.Connection.GetDatabase().StringSetAsync(key, "value");
            await fixture.StopAsync(save: true);
            await Assert.ThrowsAnyAsync<RedisException>(() => fixture.Connection.GetDatabase().StringGetAsync(key));
            await fixture.StartAsync();
            var value = await RetryAsync(() => fixture.Connection.GetDatabase().StringGetAsync(key));
            Assert.Equal("value", (string?)value);
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }

    private static async Task<T> RetryAsync<T>(Func<Task<T>> action)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await action();
            }
            catch (RedisException) when (attempt < 50)
            {
                await Task.Delay(100);
            }
        }
    }
}

[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterFixtureTests(RedisClusterFixture cluster)
{
    [Fact]
    public async Task The_cluster_has_three_masters_and_rejects_a_cross_slot_script()
    {
        Assert.Equal(3, cluster.Connection.GetEndPoints().Length);
        var prefix = cluster.NewKeyPrefix();
        var db = cluster.Connection.GetDatabase();
        // "a" and "b" hash to different slots; a script may not touch both. The client refuses
        // to route it, and a node asked directly refuses it too.
        var failure = await Assert.ThrowsAsync<RedisCommandException>(() => db.ScriptEvaluateAsync(
            "redis.call('SET', KEYS[1], 1); redis.call('SET', KEYS[2], 1); return 1",
            [(RedisKey)$"{prefix}:a", (RedisKey)$"{prefix}:b"]));
        Assert.Contains("single slot", failure.Message);
        var node = cluster.Connection.GetEndPoints()[0];
        using var direct = await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions
        {
            EndPoints = { node },
            Proxy = Proxy.Envoyproxy, // plain pass-through: no client-side slot routing
        });
        var serverFailure = await Assert.ThrowsAsync<RedisServerException>(() => direct.GetDatabase().ScriptEvaluateAsync(
            "redis.call('SET', KEYS[1], 1); redis.call('SET', KEYS[2], 1); return 1",
            [(RedisKey)$"{prefix}:a", (RedisKey)$"{prefix}:b"]));
        Assert.Contains("CROSSSLOT", serverFailure.Message);

        // With one hash tag both keys share a slot, and the same script succeeds.
        var ok = (long)await db.ScriptEvaluateAsync(
            "redis.call('SET', KEYS[1], 1); redis.call('SET', KEYS[2], 1); return 1",
            [(RedisKey)$"{{{prefix}}}:a", (RedisKey)$"{{{prefix}}}:b"]);
        Assert.Equal(1, ok);
    }
}
