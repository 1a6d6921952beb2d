using KafkaRooms.FakeZego.ServerApi;
using KafkaRooms.Rooms.Contract;
using KafkaRooms.Testing.Kafka;
using KafkaRooms.Testing.Redis;
using static KafkaRooms.Reconciliation.IntegrationTests.Callbacks;
using static KafkaRooms.Reconciliation.IntegrationTests.ReconciliationWorld;

namespace KafkaRooms.Reconciliation.IntegrationTests;

/// <summary>How the reconciler calls ZEGO: within the request budget, page by page, from one replica per app.</summary>
[Collection(ReconciliationCollection.Name)]
public sealed class BudgetAndLeaseTests(KafkaFixture kafka, RedisServerFixture redis)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_room_of_450_users_is_read_in_three_pages_a_room_interval_apart_and_its_last_missing_user_logged_in()
    {
        // ZEGO's limits as the fake enforces them: 5 requests a second per app, a room once a second.
        await using var world = await CreateAsync(kafka, redis, [App], new ServerApiRateLimits(5, TimeSpan.FromSeconds(1)));
        var t0 = NowMs - 60_000;
        var users = Enumerable.Range(0, 450).Select(i => $"user-{i:000}").ToList();
        var events = new List<RoomEvent> { Created("arena", 11, t0) };
        // The last user to log in (on the third page) was never reported.
        events.AddRange(users.Take(449).Select((user, i) => Login("arena", 11, t0 + i, user, $"s{i}")));
        events.AddRange(Enumerable.Range(0, 12).SelectMany(i => new[] { Created($"side-{i}", 3, t0), Login($"side-{i}", 3, t0 + 1, $"v{i}", "s") }));
        await world.PublishAsync(events);
        world.Zego.Rooms.SetUsers(App, "arena", users.Select(user => new ZegoRoomUser(user, $"name of {user}")));
        for (var i = 0; i < 12; i++)
        {
            world.Zego.Rooms.SetUsers(App, $"side-{i}", [new ZegoRoomUser($"v{i}", "V")]);
        }

        var worker = await world.StartWorkerAsync(settings => settings["Zego:ServerApi:RequestsPerSecond"] = "4");
        var reader = world.Reader();
        await WaitUntilAsync(async () => (await reader.GetRoomAsync(App, "arena"))?.Room.OnlineCount == 450, Settle, "the 450th user is listed");

        var login = Assert.Single(world.Corrections());
        Assert.Equal(("user-449", "name of user-449"), (login.UserAccount, login.Nickname));
        var arena = world.Zego.Requests.ForRoom(App, "arena");
        Assert.Contains(arena, r => r.Marker.Length > 0);
        Assert.All(arena.Zip(arena.Skip(1)), pair => Assert.True(pair.Second.At - pair.First.At >= TimeSpan.FromMilliseconds(900), $"{pair.Second.At - pair.First.At} between two requests of one room"));
        Assert.DoesNotContain(world.Zego.Requests.All, r => r.Outcome != ServerApiOutcome.Answered);
        Assert.Equal(0, worker.Errors("rate_limited"));
    }

    [Fact]
    public async Task One_replica_reconciles_an_app_at_a_time_and_another_takes_over_when_it_stops()
    {
        await using var world = await CreateAsync(kafka, redis, [App]);
        var t0 = NowMs - 60_000;
        await world.PublishAsync(Enumerable.Range(0, 6).SelectMany(i => new[] { Created($"room-{i}", 1, t0), Login($"room-{i}", 1, t0 + 1, "u", "s") }));
        for (var i = 0; i < 6; i++)
        {
            world.Zego.Rooms.SetUsers(App, $"room-{i}", [new ZegoRoomUser("u", "U")]);
        }

        var first = await world.StartWorkerAsync();
        var second = await world.StartWorkerAsync();
        await WaitUntilAsync(() => Task.FromResult(first.AllCalls() + second.AllCalls() >= 12), Settle, "a dozen requests");
        await Task.Delay(TimeSpan.FromSeconds(2));

        var (holder, other) = first.AllCalls() > 0 ? (first, second) : (second, first);
        Assert.Equal(0, other.AllCalls());
        Assert.Single(holder.LogsContaining("reconcile lease taken"));
        Assert.Empty(other.LogsContaining("reconcile lease taken"));

        // A graceful stop releases the lease at once; the other replica takes it within a renewal period.
        await holder.StopAsync();
        await WaitUntilAsync(() => Task.FromResult(other.AllCalls() >= 3), TimeSpan.FromSeconds(20), "the other replica calls ZEGO");
        Assert.Single(other.LogsContaining("reconcile lease taken"));
    }
}
