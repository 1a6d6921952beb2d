using KafkaRooms.Rooms.Redis;
using KafkaRooms.Testing.Redis;
using static KafkaRooms.Rooms.IntegrationTests.Events;

namespace KafkaRooms.Rooms.IntegrationTests;

/// <summary>docs/rules.md §2 (the room register), one test per rule and consequence.</summary>
public abstract class RoomRuleTests(RedisTarget target)
{
    private const string Room = "r1";

    private StateHarness NewHarness() => new(target);

    [Fact]
    public async Task Zego_example_c3_c1_c2_leaves_the_second_lifecycle_open()
    {
        var h = NewHarness();
        var c1 = Created(Room, 100, T0);
        var c2 = Closed(Room, 100, T0 + 1_000);
        var c3 = Created(Room, 101, T0 + 2_000);

        Assert.Equal([ApplyOutcome.Applied, ApplyOutcome.Stale, ApplyOutcome.Stale], await h.ApplyAllAsync(c3, c1, c2));

        var room = await h.Reader.GetRoomAsync(1, Room);
        Assert.NotNull(room);
        Assert.Equal(101UL, room.Room.RoomSession);
        Assert.Equal(T0 + 2_000, room.Room.CreateTimeMs);
    }

    [Fact]
    public async Task Create_opens_the_room_and_lists_it()
    {
        var h = NewHarness();
        Assert.Equal(ApplyOutcome.Applied, await h.ApplyAsync(Created(Room, 7, T0, creator: "alice")));

        var page = await h.Reader.ListRoomsAsync(1, 10, null);
        var summary = Assert.Single(page.Rooms);
        Assert.Equal(new Reading.RoomSummaryView(Room, 7, T0, "alice", 0, T0), summary);
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task Create_of_a_closed_lifecycle_is_stale_whatever_its_time()
    {
        var h = NewHarness();
        await h.ApplyAsync(Closed(Room, 7, T0));

        Assert.Equal(ApplyOutcome.Stale, await h.ApplyAsync(Created(Room, 7, T0 + 5_000)));
        Assert.Null(await h.Reader.GetRoomAsync(1, Room));
    }

    [Fact]
    public async Task Create_of_the_open_lifecycle_again_is_a_duplicate()
    {
        var h = NewHarness();
        await h.ApplyAsync(Created(Room, 7, T0, creator: "alice"));

        Assert.Equal(ApplyOutcome.Duplicate, await h.ApplyAsync(Created(Room, 7, T0 + 1, creator: "bob")));
        Assert.Equal("alice", (await h.Reader.GetRoomAsync(1, Room))!.Room.Creator);
    }

    [Fact]
    public async Task Create_of_an_older_lifecycle_is_stale()
    {
        var h = NewHarness();
        await h.ApplyAsync(Created(Room, 8, T0 + 10));

        Assert.Equal(ApplyOutcome.Stale, await h.ApplyAsync(Created(Room, 7, T0)));
        Assert.Equal(8UL, (await h.Reader.GetRoomAsync(1, Room))!.Room.RoomSession);
    }

    [Fact]
    public async Task A_lost_close_heals_when_the_next_lifecycle_is_created()
    {
        var h = NewHarness();
        await h.ApplyAllAsync(Created(Room, 7, T0), Login(Room, 7, T0 + 1, "u1", "s1"));

        Assert.Equal(ApplyOutcome.Applied, await h.ApplyAsync(Created(Room, 8, T0 + 100)));

        var room = await h.Reader.GetRoomAsync(1, Room);
        Assert.Equal(8UL, room!.Room.RoomSession);
        Assert.Empty(room.Users);
        Assert.Single((await h.Reader.ListRoomsAsync(1, 10, null)).Rooms);
    }

    [Fact]
    public async Task Close_of_the_open_lifecycle_removes_the_room_and_its_users()
    {
        var h = NewHarness();
        await h.ApplyAllAsync(Created(Room, 7, T0), Login(Room, 7, T0 + 1, "u1", "s1"));

        Assert.Equal(ApplyOutcome.Applied, await h.ApplyAsync(Closed(Room, 7, T0 + 2)));

        Assert.Null(await h.Reader.GetRoomAsync(1, Room));
        Assert.Empty((await h.Reader.ListRoomsAsync(1, 10, null)).Rooms);
        Assert.False(await h.Db.KeyExistsAsync(h.Keys.Users(1, Room)));
        Assert.Equal(ApplyOutcome.Duplicate, await h.ApplyAsync(Closed(Room, 7, T0 + 3)));
    }

    [Fact]
    public async Task Close_of_an_older_lifecycle_is_stale()
    {
        var h = NewHarness();
        await h.ApplyAsync(Created(Room, 8, T0 + 10));

        Assert.Equal(ApplyOutcome.Stale, await h.ApplyAsync(Closed(Room, 7, T0 + 10)));
        Assert.NotNull(await h.Reader.GetRoomAsync(1, Room));
    }

    [Fact]
    public async Task Close_of_a_newer_lifecycle_closes_the_older_open_one()
    {
        var h = NewHarness();
        await h.ApplyAsync(Created(Room, 7, T0));

        Assert.Equal(ApplyOutcome.Applied, await h.ApplyAsync(Closed(Room, 8, T0 + 50)));
        Assert.Null(await h.Reader.GetRoomAsync(1, Room));
        Assert.Equal(ApplyOutcome.Stale, await h.ApplyAsync(Created(Room, 8, T0 + 40)));
    }

    [Fact]
    public async Task A_close_before_its_create_leaves_a_tombstone_that_refutes_the_late_create()
    {
        var h = NewHarness();
        Assert.Equal(ApplyOutcome.Applied, await h.ApplyAsync(Closed(Room, 7, T0 + 10)));
        Assert.Equal(ApplyOutcome.Stale, await h.ApplyAsync(Created(Room, 7, T0)));

        Assert.Null(await h.Reader.GetRoomAsync(1, Room));
        var ttl = await h.Db.KeyTimeToLiveAsync(h.Keys.Tombstone(1, Room));
        Assert.NotNull(ttl);
        // Kept until the close time (a minute ago) + max age (24 h) + max clock skew (5 min).
        Assert.InRange(ttl.Value, TimeSpan.FromHours(24) + TimeSpan.FromMinutes(3), TimeSpan.FromHours(24) + TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task Close_beats_create_of_the_same_lifecycle_in_the_same_millisecond()
    {
        var h = NewHarness();
        Assert.Equal([ApplyOutcome.Applied, ApplyOutcome.Stale], await h.ApplyAllAsync(Closed(Room, 7, T0), Created(Room, 7, T0)));
        Assert.Null(await h.Reader.GetRoomAsync(1, Room));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_recreate_in_the_closing_millisecond_wins_in_either_order(bool closeFirst)
    {
        var h = NewHarness();
        await h.ApplyAsync(Created(Room, 7, T0));
        var close = Closed(Room, 7, T0 + 5);
        var recreate = Created(Room, 8, T0 + 5);
        await h.ApplyAllAsync(closeFirst ? [close, recreate] : [recreate, close]);

        Assert.Equal(8UL, (await h.Reader.GetRoomAsync(1, Room))!.Room.RoomSession);
    }

    [Fact]
    public async Task Session_ids_above_2_pow_53_differing_in_the_last_digit_compare_exactly()
    {
        var h = NewHarness();
        // As doubles both are 9007199254740992.
        const ulong older = 9_007_199_254_740_992UL;
        const ulong newer = 9_007_199_254_740_993UL;
        await h.ApplyAllAsync(Created(Room, newer, T0), Closed(Room, older, T0), Created(Room, older, T0));

        Assert.Equal(newer, (await h.Reader.GetRoomAsync(1, Room))!.Room.RoomSession);
        Assert.Equal(ApplyOutcome.Applied, await h.ApplyAsync(Closed(Room, newer, T0)));
        Assert.Equal(ApplyOutcome.Stale, await h.ApplyAsync(Created(Room, older, T0)));
    }

    [Fact]
    public async Task The_largest_uint64_session_round_trips_and_wins()
    {
        var h = NewHarness();
        await h.ApplyAllAsync(Created(Room, ulong.MaxValue, T0), Created(Room, ulong.MaxValue - 1, T0));

        Assert.Equal(ulong.MaxValue, (await h.Reader.GetRoomAsync(1, Room))!.Room.RoomSession);
        Assert.Equal(ApplyOutcome.Applied, await h.ApplyAsync(Closed(Room, ulong.MaxValue, T0 + 1)));
        Assert.Equal(ApplyOutcome.Duplicate, await h.ApplyAsync(Closed(Room, ulong.MaxValue, T0 + 2)));
    }

    [Fact]
    public async Task Shorter_session_ids_are_smaller_whatever_their_digits()
    {
        var h = NewHarness();
        await h.ApplyAllAsync(Created(Room, 10, T0), Created(Room, 9, T0));

        Assert.Equal(10UL, (await h.Reader.GetRoomAsync(1, Room))!.Room.RoomSession);
    }

    [Fact]
    public async Task Rooms_of_different_apps_never_mix()
    {
        var h = NewHarness();
        await h.ApplyAllAsync(Created(Room, 7, T0, app: 1), Created(Room, 9, T0, app: uint.MaxValue), Closed(Room, 7, T0 + 1, app: 1));

        Assert.Null(await h.Reader.GetRoomAsync(1, Room));
        Assert.Equal(9UL, (await h.Reader.GetRoomAsync(uint.MaxValue, Room))!.Room.RoomSession);
    }

    [Fact]
    public async Task An_event_older_than_the_retention_is_expired_and_changes_nothing()
    {
        var h = NewHarness();
        var old = StateHarness.Now - (long)TimeSpan.FromHours(24).TotalMilliseconds - 1;

        Assert.Equal(ApplyOutcome.Expired, await h.ApplyAsync(Created(Room, 7, old)));
        Assert.Null(await h.Reader.GetRoomAsync(1, Room));
    }

    [Fact]
    public async Task The_max_event_age_can_be_raised_for_a_rebuild()
    {
        var h = new StateHarness(target);
        h.Options.MaxEventAge = TimeSpan.FromDays(30);
        var old = StateHarness.Now - (long)TimeSpan.FromDays(2).TotalMilliseconds;

        Assert.Equal(ApplyOutcome.Applied, await h.ApplyAsync(Created(Room, 7, old)));
    }

    [Fact]
    public async Task An_event_too_far_in_the_future_is_rejected()
    {
        var h = NewHarness();
        var future = StateHarness.Now + (long)TimeSpan.FromMinutes(5).TotalMilliseconds + 1;

        await Assert.ThrowsAsync<RoomEventRejectedException>(() => h.ApplyAsync(Created(Room, 7, future)));
        Assert.Equal(ApplyOutcome.Applied, await h.ApplyAsync(Created(Room, 7, future - 1)));
    }

    [Fact]
    public async Task The_script_judges_future_against_the_time_ingest_received_the_event()
    {
        var h = NewHarness();
        var skew = (long)TimeSpan.FromMinutes(5).TotalMilliseconds;

        // A worker whose clock runs 3 minutes behind Ingest's: 6 minutes ahead of it is fine.
        Assert.Equal("a", await h.ApplyThroughScriptAsync(Created(Room, 7, StateHarness.Now + skew + 60_000) with { ReceivedMs = StateHarness.Now + 180_000 }));
        // Unknown receive time: the worker's own clock decides, and a refused event changes nothing.
        Assert.Equal("f", await h.ApplyThroughScriptAsync(Closed(Room, 7, StateHarness.Now + skew + 60_000) with { ReceivedMs = 0 }));
        Assert.NotNull(await h.Reader.GetRoomAsync(1, Room));

        // Received ten minutes ago, yet dated a minute from now: the store refuses it.
        var late = Created("r2", 7, StateHarness.Now + 60_000) with { ReceivedMs = StateHarness.Now - 600_000 };
        await Assert.ThrowsAsync<RoomEventRejectedException>(() => h.ApplyAsync(late));
        Assert.Null(await h.Reader.GetRoomAsync(1, "r2"));
    }

    [Fact]
    public async Task A_batch_with_an_invalid_event_is_refused_before_anything_is_applied()
    {
        var h = NewHarness();
        var future = StateHarness.Now + (long)TimeSpan.FromMinutes(6).TotalMilliseconds;

        await Assert.ThrowsAsync<RoomEventRejectedException>(() => h.Store.ApplyBatchAsync([Created(Room, 7, T0), Created("r2", 7, future)]));
        Assert.Null(await h.Reader.GetRoomAsync(1, Room));
    }

    [Fact]
    public async Task Scripts_forgotten_by_redis_are_reloaded()
    {
        var h = NewHarness();
        await h.ApplyAsync(Created(Room, 7, T0));
        await target.FlushScriptsAsync();
        Assert.Equal(ApplyOutcome.Applied, await h.ApplyAsync(Login(Room, 7, T0 + 1, "u1", "s1")));
        await target.FlushScriptsAsync();
        Assert.Single((await h.Reader.GetRoomAsync(1, Room))!.Users);
        await target.FlushScriptsAsync();
        Assert.Equal(
            [ApplyOutcome.Applied, ApplyOutcome.Duplicate],
            await h.Store.ApplyBatchAsync([Logout(Room, 7, T0 + 2, "u1", "s1"), Created(Room, 7, T0)]));
    }

    [Fact]
    public async Task Batch_results_come_back_in_input_order()
    {
        var h = NewHarness();
        var expired = StateHarness.Now - (long)TimeSpan.FromDays(2).TotalMilliseconds;
        await h.Store.ApplyBatchAsync(Enumerable.Range(0, 300).Select(i => Created($"room {i}", 5, T0 + i)).ToList());
        // Each outcome is fixed whatever order the calls run in (EVALSHA retries may reorder them).
        var batch = Enumerable.Range(0, 300).SelectMany(i => new[]
        {
            Created($"room {i}", 5, T0 + i),
            Created($"room {i}", 4, T0),
            Created($"new {i}", 1, T0),
            Created($"room {i}", 6, expired),
        }).ToArray();

        var outcomes = await h.Store.ApplyBatchAsync(batch);

        var expected = Enumerable.Range(0, 300)
            .SelectMany(_ => new[] { ApplyOutcome.Duplicate, ApplyOutcome.Stale, ApplyOutcome.Applied, ApplyOutcome.Expired });
        Assert.Equal(expected, outcomes);
        Assert.Equal(600, await h.Reader.ListAllRoomsAsync(1).CountAsync());
    }
}

[Collection(RedisCollection.Name)]
public sealed class RoomRuleTestsOnRedisServer(RedisServerFixture fixture) : RoomRuleTests(RedisTarget.Of(fixture));

[Collection(RedisClusterCollection.Name)]
public sealed class RoomRuleTestsOnRedisCluster(RedisClusterFixture fixture) : RoomRuleTests(RedisTarget.Of(fixture));
