using KafkaRooms.Rooms.Reading;
using KafkaRooms.Rooms.Redis;
using KafkaRooms.Testing.Redis;
using Microsoft.Extensions.Options;
using static KafkaRooms.Rooms.IntegrationTests.Events;

namespace KafkaRooms.Rooms.IntegrationTests;

/// <summary>A restarted redis-server has forgotten the scripts (and dropped every connection) but kept the data.</summary>
public sealed class RedisRestartTests : IAsyncLifetime
{
    private readonly RedisServerFixture _server = RedisServerFixture.Private();

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task The_store_keeps_working_after_a_restart_that_lost_the_script_cache()
    {
        var h = new StateHarness(RedisTarget.Of(_server));
        Assert.Equal(ApplyOutcome.Applied, await h.ApplyAsync(Created("r1", 7, T0)));

        await _server.StopAsync(save: true);
        await _server.StartAsync();
        await _server.WaitConnectedAsync();

        Assert.Equal(ApplyOutcome.Applied, await h.ApplyAsync(Login("r1", 7, T0 + 1, "u1", "s1")));
        Assert.Equal(ApplyOutcome.Duplicate, await h.ApplyAsync(Created("r1", 7, T0)));
        Assert.Equal(["u1"], (await h.Reader.ListUsersAsync(1, "r1"))!.Select(u => u.UserAccount));
    }

    [Fact]
    public async Task A_change_feed_subscription_carries_on_after_a_restart()
    {
        var h = new StateHarness(RedisTarget.Of(_server), bucketCount: 2);
        h.Options.Redis = _server.ConnectionString;
        await using var reader = new ChangeFeedReader(_server.Connection, Options.Create(h.Options));
        await using var subscription = await reader.OpenAsync(1, ChangeFeedStart.Now);
        await using var changes = subscription.ReadAllAsync().GetAsyncEnumerator();
        await h.ApplyAsync(Created("before", 7, T0));
        var first = await FeedEnds.ReadUntilAsync(changes, subscription.StartCursor, await FeedEnds.OfAsync(h, 1));
        Assert.Equal("before", Assert.Single(first).RoomId);

        await _server.StopAsync(save: true);
        await _server.StartAsync();
        await _server.WaitConnectedAsync();
        await h.ApplyAsync(Created("after", 7, T0));

        // The blocking read reconnects on its own and wakes the shared feed again.
        var second = await FeedEnds.ReadUntilAsync(changes, first[0].Cursor, await FeedEnds.OfAsync(h, 1));
        Assert.Equal("after", Assert.Single(second).RoomId);
    }
}
