using KafkaRooms.FakeZego.ServerApi;
using KafkaRooms.Rooms.Contract;
using KafkaRooms.Testing.Kafka;
using KafkaRooms.Testing.Redis;
using static KafkaRooms.Reconciliation.IntegrationTests.Callbacks;
using static KafkaRooms.Reconciliation.IntegrationTests.ReconciliationWorld;

namespace KafkaRooms.Reconciliation.IntegrationTests;

/// <summary>Corrective events meeting real callbacks: the ordinary rules decide, by time (docs/rules.md §8).</summary>
[Collection(ReconciliationCollection.Name)]
public sealed class CorrectionRaceTests(KafkaFixture kafka, RedisServerFixture redis)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_real_event_newer_than_a_correction_wins_and_an_older_one_does_not()
    {
        await using var world = await CreateAsync(kafka, redis, [App]);
        var t0 = NowMs - 60_000;
        await world.PublishAsync(
            Created("stage", 5, t0), Login("stage", 5, t0 + 1, "alice", "a1"), Login("stage", 5, t0 + 2, "ghost", "g1"),
            Created("gone", 8, t0), Login("gone", 8, t0 + 1, "bob", "b1"));
        world.Zego.Rooms.SetUsers(App, "stage", [new ZegoRoomUser("alice", "Alice")]);
        var worker = await world.StartWorkerAsync();
        var reader = world.Reader();

        await WaitUntilAsync(
            async () => await reader.GetRoomAsync(App, "gone") is null
                && (await reader.GetRoomAsync(App, "stage"))?.Users.Select(u => u.UserAccount).SequenceEqual(["alice"]) == true,
            Settle, "the dead room is closed and the ghost logged out");
        var corrections = world.Corrections();
        var logout = Assert.Single(corrections, e => e.Kind == RoomEventKind.UserLoggedOut);
        var close = Assert.Single(corrections, e => e.Kind == RoomEventKind.RoomClosed);
        Assert.Equal(("stage", "ghost", "g1", 5UL), (logout.RoomId, logout.UserAccount, logout.UserSession, logout.RoomSession));
        Assert.Equal(("gone", 8UL), (close.RoomId, close.RoomSession));
        await worker.StopAsync();

        // Late callbacks from before the observation lose to the corrections...
        await world.PublishAsync(Login("stage", 5, logout.TimeMs - 1, "ghost", "g1"), Login("gone", 8, close.TimeMs - 1, "carol", "c1"));
        await world.StartWorkerAsync(NoReconciliation);
        await world.WaitUntilAppliedAsync(Settle);
        Assert.Null(await reader.GetRoomAsync(App, "gone"));
        Assert.Equal(["alice"], (await reader.GetRoomAsync(App, "stage"))!.Users.Select(u => u.UserAccount));

        // ...and newer ones win: the same user session logs in again, the room is created again.
        await world.PublishAsync(Login("stage", 5, logout.TimeMs + 1, "ghost", "g1"), Created("gone", 9, close.TimeMs + 1));
        await world.WaitUntilAppliedAsync(Settle);
        Assert.Equal(["alice", "ghost"], (await reader.GetRoomAsync(App, "stage"))!.Users.Select(u => u.UserAccount));
        Assert.Equal(9UL, (await reader.GetRoomAsync(App, "gone"))!.Room.RoomSession);
    }

    [Fact]
    public async Task A_room_recreated_between_two_observations_is_not_closed()
    {
        await using var world = await CreateAsync(kafka, redis, [App]);
        var t0 = NowMs - 60_000;
        await world.PublishAsync(Created("lobby", 5, t0));
        var worker = await world.StartWorkerAsync(settings => settings["Reconciliation:GracePeriod"] = "00:00:03");
        var reader = world.Reader();

        // First observation: ZEGO lists nobody, so lifecycle 5 looks closed.
        await WaitUntilAsync(() => Task.FromResult(world.Zego.Requests.ForRoom(App, "lobby").Count >= 1), Settle, "a first observation");

        // The room is created again (its close lost) before the second observation.
        var recreated = NowMs;
        await world.PublishAsync(Created("lobby", 6, recreated), Login("lobby", 6, recreated + 1, "dana", "d1"));
        await WaitUntilAsync(async () => (await reader.GetRoomAsync(App, "lobby"))?.Room.RoomSession == 6, Settle, "lifecycle 6 is applied");
        var seen = world.Zego.Requests.ForRoom(App, "lobby").Count;
        await WaitUntilAsync(() => Task.FromResult(world.Zego.Requests.ForRoom(App, "lobby").Count > seen), Settle, "an observation of lifecycle 6");

        // ZEGO lists dana from now on; the empty answers about lifecycle 5 closed nothing.
        world.Zego.Rooms.SetUsers(App, "lobby", [new ZegoRoomUser("dana", "Dana")]);
        seen = world.Zego.Requests.ForRoom(App, "lobby").Count;
        await WaitUntilAsync(() => Task.FromResult(world.Zego.Requests.ForRoom(App, "lobby").Count >= seen + 2), Settle, "two more observations");

        Assert.Empty(world.Corrections());
        Assert.Equal(0, worker.Corrections("room_closed"));
        var room = await reader.GetRoomAsync(App, "lobby");
        Assert.Equal((6UL, "dana"), (room!.Room.RoomSession, Assert.Single(room.Users).UserAccount));
        // Lifecycle 6 had its own first observation: the one of lifecycle 5 confirmed nothing about it.
        Assert.NotEmpty(worker.LogsContaining("room lobby (session 5) differs from ZEGO"));
        Assert.NotEmpty(worker.LogsContaining("room lobby (session 6) differs from ZEGO"));
    }

    private static void NoReconciliation(Dictionary<string, string?> settings)
    {
        foreach (var key in settings.Keys.Where(k => k.StartsWith("Zego:Apps:", StringComparison.Ordinal)).ToList())
        {
            settings.Remove(key);
        }
    }
}
