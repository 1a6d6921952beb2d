using KafkaRooms.FakeZego.ServerApi;
using KafkaRooms.RoomHistories;
using KafkaRooms.Rooms.Contract;
using KafkaRooms.Testing.Kafka;
using KafkaRooms.Testing.Redis;
using Xunit.Abstractions;
using static KafkaRooms.Reconciliation.IntegrationTests.ReconciliationWorld;

namespace KafkaRooms.Reconciliation.IntegrationTests;

/// <summary>
/// Histories whose closes, logouts and logins were partly lost (ZEGO gave up on them), applied by a
/// Worker that reconciles with the fake ZEGO server API listing who is really in each room.
/// </summary>
[Collection(ReconciliationCollection.Name)]
public sealed class LostCallbacksTests(KafkaFixture kafka, RedisServerFixture redis, ITestOutputHelper output)
{
    private static readonly HistorySizes Sizes = new(Apps: 2, RoomsPerApp: 10, MaxLifecyclesPerRoom: 3, MaxUsersPerLifecycle: 4, OpenAtEndRate: 0.7);

    // Closes, logouts and logins are lost, never a create: no rule and no reconciliation can invent
    // a lifecycle ZEGO's server API does not name. Besides the random losses, one of each kind for
    // sure: the close of a room's last lifecycle, a logout and a login in rooms open at the end.
    private static (RoomHistory History, List<RoomEvent> Delivered) HistoryWithLosses(int seed)
    {
        var history = RoomHistoryGenerator.Generate(seed, NowMs - 600_000, Sizes);
        var random = new Random(seed);
        var lost = history.Events.Where(e => e.Kind != RoomEventKind.RoomCreated && random.NextDouble() < 0.3).ToHashSet();
        var open = RoomStates.ZegoView(history);
        var lastEvents = history.Events.GroupBy(e => (e.AppId, e.RoomId)).Select(room => room.Last()).ToList();
        lost.Add(lastEvents.First(e => e.Kind == RoomEventKind.RoomClosed));
        bool OnlyEventsOfTheirUser(RoomEvent e, int count) =>
            history.Events.Count(o => o.AppId == e.AppId && o.RoomId == e.RoomId && o.RoomSession == e.RoomSession && o.UserAccount == e.UserAccount) == count;
        var ghost = history.Events.First(e => e.Kind == RoomEventKind.UserLoggedOut && OnlyEventsOfTheirUser(e, 2)
            && open.TryGetValue((e.AppId, e.RoomId), out var room) && room.Session == e.RoomSession);
        lost.Add(ghost);
        lost.RemoveWhere(e => e.Kind == RoomEventKind.UserLoggedIn && e.UserSession == ghost.UserSession && e.RoomId == ghost.RoomId && e.AppId == ghost.AppId);
        lost.Add(history.Events.First(e => e.Kind == RoomEventKind.UserLoggedIn && OnlyEventsOfTheirUser(e, 1)
            && open.TryGetValue((e.AppId, e.RoomId), out var room) && room.Session == e.RoomSession));
        return (history, [.. history.Events.Where(e => !lost.Contains(e))]);
    }

    private async Task<(ReconciliationWorld World, RoomHistory History, ReconcilingWorker Worker)> ReconcileAsync(int seed)
    {
        var (history, delivered) = HistoryWithLosses(seed);
        var zegoView = RoomStates.ZegoView(history);
        var world = await CreateAsync(kafka, redis, history.AppIds);
        foreach (var ((app, room), (_, users)) in zegoView)
        {
            world.Zego.Rooms.SetUsers(app, room, users.Select(u => new ZegoRoomUser(u.UserAccount, u.Nickname, 2)));
        }

        // Without reconciliation, what was delivered leaves dead rooms, ghosts and missing users.
        var unreconciled = RoomStates.Differences(zegoView, RoomStates.Of(RoomRulesModel.StateAfter(delivered, NowMs)));
        output.WriteLine($"{delivered.Count} of {history.Events.Count} callbacks delivered; before reconciliation:\n  " + string.Join("\n  ", unreconciled));
        foreach (var kind in new[] { "dead room", "ghost user", "missing user" })
        {
            Assert.Contains(unreconciled, line => line.StartsWith(kind, StringComparison.Ordinal));
        }

        await world.PublishAsync(delivered);
        var worker = await world.StartWorkerAsync();
        List<string> differences = [];
        await WaitUntilAsync(
            async () => (differences = RoomStates.Differences(zegoView, RoomStates.Of(await world.ReadStateAsync()))).Count == 0,
            TimeSpan.FromSeconds(90), "the state equals what ZEGO lists");
        return (world, history, worker);
    }

    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    public async Task Histories_with_lost_closes_logouts_and_logins_end_equal_to_the_truth_after_reconciliation(int seed)
    {
        var (world, _, worker) = await ReconcileAsync(seed);
        await using var _ = world;

        var corrections = world.Corrections();
        output.WriteLine($"{corrections.Count} corrective events, {worker.AllCalls()} server-API requests");
        foreach (var (kind, name) in new[] { (RoomEventKind.RoomClosed, "room_closed"), (RoomEventKind.UserLoggedOut, "user_logged_out"), (RoomEventKind.UserLoggedIn, "user_logged_in") })
        {
            Assert.Contains(corrections, e => e.Kind == kind);
            Assert.Equal(corrections.Count(e => e.Kind == kind), worker.Corrections(name));
        }

        Assert.Equal(corrections.Count, worker.LogsContaining("source=reconcile").Count);

        // Corrective logins are the reconciler's user sessions, with ZEGO's user name.
        var state = await world.ReadStateAsync();
        foreach (var login in corrections.Where(e => e.Kind == RoomEventKind.UserLoggedIn))
        {
            Assert.StartsWith("reconcile:", login.UserSession, StringComparison.Ordinal);
            var listed = world.Zego.Rooms.UsersOf(login.AppId, login.RoomId).Single(u => u.UserId == login.UserAccount);
            Assert.Equal(listed.UserName, login.Nickname);
            Assert.Contains(state[(login.AppId, login.RoomId)].OnlineSessions, s => s.UserSession == login.UserSession && s.Nickname == listed.UserName);
        }

        // The budget held: ZEGO refused nothing, every signature verified.
        Assert.DoesNotContain(world.Zego.Requests.All, r => r.Outcome != ServerApiOutcome.Answered);
        Assert.Equal(worker.AllCalls(), worker.Calls("ok"));
    }

    [Fact]
    public async Task Corrective_events_replayed_from_Kafka_give_the_same_state()
    {
        var (world, _, worker) = await ReconcileAsync(23);
        await using var _ = world;
        await worker.StopAsync();
        Assert.NotEmpty(world.Corrections());
        var reconciled = (await world.ReadStateAsync()).ToDictionary(r => r.Key, r => RoomStates.Describe(r.Value));

        // An audit or rebuild: the whole topic into an empty key prefix, by a Worker that reconciles nothing.
        var rebuild = redis.NewKeyPrefix();
        var group = $"rebuild-{Guid.NewGuid():N}";
        await world.StartWorkerAsync(settings =>
        {
            foreach (var key in settings.Keys.Where(k => k.StartsWith("Zego:Apps:", StringComparison.Ordinal)).ToList())
            {
                settings.Remove(key);
            }

            settings["RoomState:KeyPrefix"] = rebuild;
            settings["Worker:GroupId"] = group;
        });
        await world.WaitUntilAppliedAsync(TimeSpan.FromSeconds(60), group);

        var rebuilt = (await world.ReadStateAsync(rebuild)).ToDictionary(r => r.Key, r => RoomStates.Describe(r.Value));
        Assert.Equal(reconciled.OrderBy(r => r.Key), rebuilt.OrderBy(r => r.Key));
    }
}
