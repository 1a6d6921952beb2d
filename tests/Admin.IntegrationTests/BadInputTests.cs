using KafkaRooms.Testing;
using KafkaRooms.Testing.Kafka;
using KafkaRooms.Testing.Redis;

namespace KafkaRooms.Admin.IntegrationTests;

/// <summary>What the tool cannot work with gets one clear line and a non-zero exit, and nothing is written.</summary>
[Collection(AdminCollection.Name)]
public sealed class BadInputTests(KafkaFixture kafka, RedisServerFixture redis)
{
    [Theory]
    [InlineData("audit", "--live-redis")]
    [InlineData("rebuild", "--redis")]
    public async Task An_unreachable_redis_is_named_and_nothing_is_written(string command, string option)
    {
        using var world = await AdminWorld.CreateAsync(kafka, redis);
        await world.PublishAndApplyAsync(AdminWorld.History(seed: 31).Events);
        var before = await world.SnapshotAsync();
        var port = FreePorts.Next();

        var run = await world.RunAsync(command, option, $"127.0.0.1:{port}", "--timeout", "2");

        Assert.Equal(AdminFailure.ExitCode, run.ExitCode);
        Assert.Contains($"cannot reach {(command == "audit" ? "live" : "target")} Redis at 127.0.0.1:{port}", run.Err, StringComparison.Ordinal);
        Assert.Equal(before, await world.SnapshotAsync());
    }

    [Theory]
    [InlineData("audit")]
    [InlineData("rebuild")]
    public async Task An_unreachable_kafka_is_named_and_nothing_is_written(string command)
    {
        using var world = await AdminWorld.CreateAsync(kafka, redis);
        var before = await world.SnapshotAsync();
        var port = FreePorts.Next();

        var run = await world.RunAsync(command, "--kafka", $"127.0.0.1:{port}", "--timeout", "2", "--prefix", "fresh");

        Assert.Equal(AdminFailure.ExitCode, run.ExitCode);
        Assert.Contains($"cannot reach Kafka at 127.0.0.1:{port}: no broker answered within 2 s", run.Err, StringComparison.Ordinal);
        Assert.Equal(before, await world.SnapshotAsync());
    }

    [Theory]
    [InlineData("audit")]
    [InlineData("rebuild")]
    public async Task A_topic_that_does_not_exist_is_named_and_nothing_is_written(string command)
    {
        using var world = await AdminWorld.CreateAsync(kafka, redis);
        var before = await world.SnapshotAsync();

        var run = await world.RunAsync(command, "--topic", "no-such-topic", "--prefix", "fresh");

        Assert.Equal(AdminFailure.ExitCode, run.ExitCode);
        Assert.Contains($"topic no-such-topic does not exist on Kafka at {kafka.BootstrapServers}", run.Err, StringComparison.Ordinal);
        Assert.Equal(before, await world.SnapshotAsync());
    }

    [Fact]
    public async Task A_since_in_the_future_is_refused_before_anything_is_read()
    {
        using var world = await AdminWorld.CreateAsync(kafka, redis);
        var before = await world.SnapshotAsync();

        var run = await world.RunAsync("audit", "--since", DateTimeOffset.UtcNow.AddHours(1).ToString("O"));

        Assert.Equal(64, run.ExitCode);
        Assert.Contains("lies in the future", run.Err, StringComparison.Ordinal);
        Assert.Equal(before, await world.SnapshotAsync());
    }
}
