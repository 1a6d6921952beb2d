using KafkaRooms.Rooms.Redis;
using KafkaRooms.Testing.Redis;
using static KafkaRooms.Rooms.IntegrationTests.Events;

namespace KafkaRooms.Rooms.IntegrationTests;

/// <summary>A restarted redis-server has forgotten the scripts but kept the data.</summary>
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
}
