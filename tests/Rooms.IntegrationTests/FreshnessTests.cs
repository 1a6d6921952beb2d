using KafkaRooms.Rooms.Reading;
using KafkaRooms.Rooms.Redis;
using KafkaRooms.Testing.Redis;
using static KafkaRooms.Rooms.IntegrationTests.Events;

namespace KafkaRooms.Rooms.IntegrationTests;

/// <summary>
/// Freshness data (docs/redis-schema.md, "Freshness" and "Pending lifecycles"): each open room's
/// last_event_ms, and the lifecycles whose users arrived before their create.
/// </summary>
public abstract class FreshnessTests(RedisTarget target)
{
    private const string Room = "r1";

    private static async Task<long> LastEventAsync(StateHarness h, string room = Room)
    {
        var view = await h.Reader.GetRoomAsync(1, room);
        Assert.NotNull(view);
        var listed = Assert.Single((await h.Reader.ListRoomsAsync(1, 100, null)).Rooms, r => r.RoomId == room);
        Assert.Equal(view.Room.LastEventMs, listed.LastEventMs);
        return view.Room.LastEventMs;
    }

    private static Task<IReadOnlyList<PendingLifecycleView>> PendingAsync(StateHarness h, string room = Room) =>
        h.Reader.ListPendingLifecyclesAsync(1, h.Keys.Bucket(1, room));

    [Fact]
    public async Task Last_event_ms_is_the_newest_applied_event_of_the_open_lifecycle()
    {
        var h = new StateHarness(target);
        await h.ApplyAsync(Created(Room, 7, T0));
        Assert.Equal(T0, await LastEventAsync(h));

        await h.ApplyAsync(Login(Room, 7, T0 + 50, "u1", "s1"));
        Assert.Equal(T0 + 50, await LastEventAsync(h));

        // Applied but older than the newest: no change. Duplicate and stale: no change.
        Assert.Equal(
            [ApplyOutcome.Applied, ApplyOutcome.Duplicate, ApplyOutcome.Stale],
            await h.ApplyAllAsync(Login(Room, 7, T0 + 30, "u2", "s2"), Login(Room, 7, T0 + 50, "u1", "s1"), Login(Room, 7, T0 + 40, "u1", "s1")));
        Assert.Equal(T0 + 50, await LastEventAsync(h));

        await h.ApplyAsync(Logout(Room, 7, T0 + 70, "u2", "s2"));
        Assert.Equal(T0 + 70, await LastEventAsync(h));
    }

    [Fact]
    public async Task Pending_users_made_visible_by_the_create_count_toward_last_event_ms()
    {
        var h = new StateHarness(target);
        await h.ApplyAllAsync(Login(Room, 7, T0 + 30, "u1", "s1"), Logout(Room, 7, T0 + 45, "u1", "s1"), Login(Room, 7, T0 + 40, "u2", "s2"));

        await h.ApplyAsync(Created(Room, 7, T0));

        Assert.Equal(T0 + 45, await LastEventAsync(h));
    }

    [Fact]
    public async Task A_superseding_create_restarts_last_event_ms_at_its_own_time()
    {
        var h = new StateHarness(target);
        await h.ApplyAllAsync(Created(Room, 7, T0), Login(Room, 7, T0 + 50, "u1", "s1"));

        Assert.Equal(ApplyOutcome.Applied, await h.ApplyAsync(Created(Room, 8, T0 + 10)));

        Assert.Equal(T0 + 10, await LastEventAsync(h));
    }

    [Fact]
    public async Task A_closed_room_leaves_the_activity_set()
    {
        var h = new StateHarness(target);
        var activity = h.Keys.Activity(1, h.Keys.Bucket(1, Room));
        await h.ApplyAllAsync(Created(Room, 7, T0), Created("other", 7, T0));
        Assert.Equal(T0, await h.Db.SortedSetScoreAsync(activity, Room));

        await h.ApplyAsync(Events.Closed(Room, 7, T0 + 5));

        Assert.Null(await h.Db.SortedSetScoreAsync(activity, Room));
    }

    [Fact]
    public async Task A_room_without_a_recorded_time_shows_its_create_time_until_its_next_event()
    {
        var h = new StateHarness(target);
        await h.ApplyAsync(Created(Room, 7, T0));
        // As a room opened before last_event_ms was kept.
        await h.Db.SortedSetRemoveAsync(h.Keys.Activity(1, h.Keys.Bucket(1, Room)), Room);
        Assert.Equal(T0, await LastEventAsync(h));

        await h.ApplyAsync(Login(Room, 7, T0 + 20, "u1", "s1"));

        Assert.Equal(T0 + 20, await LastEventAsync(h));
    }

    [Fact]
    public async Task A_room_open_without_a_recorded_time_is_still_found_open_when_a_newer_lifecycle_supersedes_it_or_it_closes()
    {
        // The script tells open rooms by their activity score (docs/redis-schema.md, "The batched
        // rule script"); a room opened before that key existed has none, and must not be taken
        // for an unknown room: a newer create would then add a second member.
        var h = new StateHarness(target);
        var bucket = h.Keys.Bucket(1, Room);
        await h.ApplyAllAsync(Created(Room, 7, T0), Login(Room, 7, T0 + 5, "u1", "s1"));
        await h.Db.SortedSetRemoveAsync(h.Keys.Activity(1, bucket), Room);

        Assert.Equal(ApplyOutcome.Applied, await h.ApplyAsync(Created(Room, 8, T0 + 10)));

        var member = Assert.Single(await RoomMembersAsync(h, bucket));
        Assert.StartsWith($"{Room}\t8\t", member, StringComparison.Ordinal);
        Assert.Empty((await h.Reader.GetRoomAsync(1, Room))!.Users);
        Assert.Equal(T0 + 10, await LastEventAsync(h));

        await h.Db.SortedSetRemoveAsync(h.Keys.Activity(1, bucket), Room);
        Assert.Equal(ApplyOutcome.Applied, await h.ApplyAsync(Events.Closed(Room, 8, T0 + 20)));

        Assert.Empty(await RoomMembersAsync(h, bucket));
        Assert.Equal($"8\t{T0 + 20}", (string?)await h.Db.StringGetAsync(h.Keys.Tombstone(1, Room)));
    }

    private static async Task<List<string>> RoomMembersAsync(StateHarness h, int bucket) =>
        (await h.Db.SortedSetRangeByValueAsync(h.Keys.Rooms(1, bucket), $"{Room}\t", $"{Room}\n", StackExchange.Redis.Exclude.Stop)).Select(m => (string)m!).ToList();

    [Fact]
    public async Task Pending_lifecycles_are_listed_with_their_oldest_time_and_online_count_until_their_create_or_close()
    {
        var h = new StateHarness(target, bucketCount: 1);
        await h.ApplyAllAsync(
            Login(Room, 7, T0 + 20, "u1", "s1"),
            Login(Room, 7, T0 + 10, "u2", "s2"),
            Login(Room, 7, T0 + 15, "u3", "s3"),
            Logout(Room, 7, T0 + 16, "u3", "s3"),
            Login("r2", 9, T0 + 25, "u1", "s9"));
        await h.ApplyAsync(Login("r2", 9, T0 + 5, "u2", "s8"));

        // Oldest first.
        Assert.Equal([new PendingLifecycleView("r2", 9, T0 + 5, 2), new PendingLifecycleView(Room, 7, T0 + 10, 2)], await PendingAsync(h));

        await h.ApplyAllAsync(Created(Room, 7, T0), Events.Closed("r2", 9, T0 + 30));

        Assert.Empty(await PendingAsync(h));
        // The pending data's oldest-time field does not come along into the room's user hash.
        Assert.Equal(["", "u1", "u2", "u3"], (await h.Db.HashKeysAsync(h.Keys.Users(1, Room))).Select(f => (string)f!).Order(StringComparer.Ordinal));
        Assert.Equal(0, await h.Db.SortedSetLengthAsync(h.Keys.PendingLifecycles(1, 0)));
    }

    [Fact]
    public async Task A_pending_entry_follows_its_data_when_the_data_expires()
    {
        // Pending data of an event at Now lives max(retention, age) + skew = 1.4 s.
        var h = new StateHarness(target, bucketCount: 1).WithTimeBounds(retentionMs: 1_000, maxEventAgeMs: 1_000, maxClockSkewMs: 400);
        await h.ApplyAsync(Login(Room, 7, StateHarness.Now, "u1", "s1"));
        Assert.Equal([new PendingLifecycleView(Room, 7, StateHarness.Now, 1)], await PendingAsync(h));

        await h.ElapseAsync(1_700);
        Assert.False(await h.Db.KeyExistsAsync(h.Keys.Pending(1, Room, "7")));
        Assert.Empty(await PendingAsync(h));

        // New pending data of the same lifecycle is dated by its own events, not the expired ones.
        var again = StateHarness.Now + 1_700;
        await h.ApplyAsync(Login(Room, 7, again, "u2", "s2"));
        Assert.Equal([new PendingLifecycleView(Room, 7, again, 1)], await PendingAsync(h));

        // Past max(retention, age) + retention + 2 skews = 2.8 s, any call of the bucket drops the entry.
        await h.ElapseAsync(2_900);
        await h.ApplyAsync(Created("other", 1, StateHarness.Now + 4_600));
        Assert.Equal(0, await h.Db.SortedSetLengthAsync(h.Keys.PendingLifecycles(1, 0)));
    }
}

[Collection(RedisCollection.Name)]
public sealed class FreshnessTestsOnRedisServer(RedisServerFixture fixture) : FreshnessTests(RedisTarget.Of(fixture));

[Collection(RedisClusterCollection.Name)]
public sealed class FreshnessTestsOnRedisCluster(RedisClusterFixture fixture) : FreshnessTests(RedisTarget.Of(fixture));
