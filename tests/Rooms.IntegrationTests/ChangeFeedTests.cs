using System.Globalization;
using KafkaRooms.Rooms.Redis;
using KafkaRooms.Testing.Redis;
using static KafkaRooms.Rooms.IntegrationTests.Events;

namespace KafkaRooms.Rooms.IntegrationTests;

/// <summary>The per-bucket change feed (docs/redis-schema.md, "Change feed"): one entry per visible change, nothing else.</summary>
public abstract class ChangeFeedTests(RedisTarget target)
{
    private const string Room = "r1";

    private static string Ms(long time) => time.ToString(CultureInfo.InvariantCulture);

    private static (string, string)[] Opened(ulong session, long time, string creator) =>
        [("kind", "room_opened"), ("room_id", Room), ("room_session_id", session.ToString(CultureInfo.InvariantCulture)), ("time", Ms(time)), ("creator", creator)];

    private static (string, string)[] Closed(ulong session, long time, string reason) =>
        [("kind", "room_closed"), ("room_id", Room), ("room_session_id", session.ToString(CultureInfo.InvariantCulture)), ("time", Ms(time)), ("reason", reason)];

    private static (string, string)[] Joined(ulong session, long time, string user, string nickname, int count) =>
        [("kind", "user_joined"), ("room_id", Room), ("room_session_id", session.ToString(CultureInfo.InvariantCulture)), ("time", Ms(time)),
            ("user_account", user), ("nickname", nickname), ("online_count", count.ToString(CultureInfo.InvariantCulture))];

    private static (string, string)[] Left(ulong session, long time, string user, int count) =>
        [("kind", "user_left"), ("room_id", Room), ("room_session_id", session.ToString(CultureInfo.InvariantCulture)), ("time", Ms(time)),
            ("user_account", user), ("online_count", count.ToString(CultureInfo.InvariantCulture))];

    [Fact]
    public async Task Opening_joining_leaving_and_closing_are_one_entry_each_in_order()
    {
        var h = new StateHarness(target);

        await h.ApplyAllAsync(
            Created(Room, 7, T0, creator: "alice"),
            Login(Room, 7, T0 + 10, "u1", "s1", nickname: "Ann"),
            Login(Room, 7, T0 + 20, "u2", "s2", nickname: "Bob"),
            Logout(Room, 7, T0 + 30, "u1", "s1"),
            Events.Closed(Room, 7, T0 + 40));

        Assert.Equal(
            [Opened(7, T0, "alice"), Joined(7, T0 + 10, "u1", "Ann", 1), Joined(7, T0 + 20, "u2", "Bob", 2), Left(7, T0 + 30, "u1", 1), Closed(7, T0 + 40, "closed")],
            await h.ChangesAsync(Room));
    }

    [Fact]
    public async Task Duplicates_stale_and_expired_events_and_a_second_device_add_nothing()
    {
        var h = new StateHarness(target);
        await h.ApplyAllAsync(Created(Room, 7, T0), Login(Room, 7, T0 + 10, "u1", "phone", nickname: "Ann"));
        var before = await h.ChangesAsync(Room);
        var expired = StateHarness.Now - (long)TimeSpan.FromDays(2).TotalMilliseconds;

        Assert.Equal(
            [ApplyOutcome.Duplicate, ApplyOutcome.Duplicate, ApplyOutcome.Stale, ApplyOutcome.Expired, ApplyOutcome.Applied, ApplyOutcome.Applied],
            await h.ApplyAllAsync(
                Created(Room, 7, T0),
                Login(Room, 7, T0 + 10, "u1", "phone"),
                Created(Room, 6, T0 - 1),
                Login(Room, 7, expired, "u2", "s"),
                // Detail-only: u1 is online already, then still online on the laptop.
                Login(Room, 7, T0 + 20, "u1", "laptop", nickname: "Ann on laptop"),
                Logout(Room, 7, T0 + 30, "u1", "phone")));
        Assert.Equal(before, await h.ChangesAsync(Room));

        await h.ApplyAsync(Logout(Room, 7, T0 + 40, "u1", "laptop"));
        Assert.Equal([.. before, Left(7, T0 + 40, "u1", 0)], await h.ChangesAsync(Room));
    }

    [Fact]
    public async Task Pending_users_join_after_the_room_opens_in_login_order_with_increasing_counts()
    {
        var h = new StateHarness(target);
        await h.ApplyAllAsync(
            Login(Room, 7, T0 + 20, "u2", "b", nickname: "Bob"),
            Login(Room, 7, T0 + 10, "u1", "a1", nickname: "Ann on phone"),
            Login(Room, 7, T0 + 15, "u1", "a2", nickname: "Ann on laptop"),
            Login(Room, 7, T0 + 12, "u3", "c", nickname: "Cy"),
            Logout(Room, 7, T0 + 13, "u3", "c"));
        Assert.Empty(await h.ChangesAsync(Room));

        await h.ApplyAsync(Created(Room, 7, T0, creator: "host"));

        Assert.Equal(
            [Opened(7, T0, "host"), Joined(7, T0 + 15, "u1", "Ann on laptop", 1), Joined(7, T0 + 20, "u2", "Bob", 2)],
            await h.ChangesAsync(Room));
    }

    [Fact]
    public async Task A_newer_lifecycle_supersedes_the_open_one_with_one_room_closed_entry_and_no_user_left()
    {
        var h = new StateHarness(target);
        await h.ApplyAllAsync(Created(Room, 7, T0, creator: "a"), Login(Room, 7, T0 + 1, "u1", "s1", nickname: "Ann"));

        await h.ApplyAsync(Created(Room, 8, T0 + 100, creator: "b"));
        await h.ApplyAsync(Events.Closed(Room, 9, T0 + 200));
        Assert.Equal(ApplyOutcome.Stale, await h.ApplyAsync(Created(Room, 9, T0 + 150)));

        Assert.Equal(
            [Opened(7, T0, "a"), Joined(7, T0 + 1, "u1", "Ann", 1), Closed(7, T0 + 100, "superseded"), Opened(8, T0 + 100, "b"), Closed(8, T0 + 200, "superseded")],
            await h.ChangesAsync(Room));
    }

    [Fact]
    public async Task Closing_a_room_that_is_not_open_and_pending_users_add_nothing()
    {
        var h = new StateHarness(target);

        await h.ApplyAllAsync(Events.Closed(Room, 7, T0), Login(Room, 8, T0 + 10, "u1", "s1"), Events.Closed(Room, 9, T0 + 20));

        Assert.Empty(await h.ChangesAsync(Room));
    }

    [Fact]
    public async Task With_a_max_length_of_0_the_feed_is_off()
    {
        var h = new StateHarness(target);
        h.Options.ChangeFeedMaxLength = 0;

        await h.ApplyAllAsync(Created(Room, 7, T0), Login(Room, 7, T0 + 10, "u1", "s1"), Events.Closed(Room, 7, T0 + 20));

        Assert.False(await h.Db.KeyExistsAsync(h.Keys.Changes(1, h.Keys.Bucket(1, Room))));
    }

    [Fact]
    public async Task The_feed_keeps_about_its_max_length()
    {
        var h = new StateHarness(target, bucketCount: 1);
        h.Options.ChangeFeedMaxLength = 50;

        await h.Store.ApplyBatchAsync(Enumerable.Range(0, 400).Select(i => Created($"room {i}", 5, T0)).ToList());

        // MAXLEN ~ trims whole stream nodes (stream-node-max-entries, 100 by default).
        Assert.InRange(await h.Db.StreamLengthAsync(h.Keys.Changes(1, 0)), 50, 50 + 100);
    }
}

[Collection(RedisCollection.Name)]
public sealed class ChangeFeedTestsOnRedisServer(RedisServerFixture fixture) : ChangeFeedTests(RedisTarget.Of(fixture));

[Collection(RedisClusterCollection.Name)]
public sealed class ChangeFeedTestsOnRedisCluster(RedisClusterFixture fixture) : ChangeFeedTests(RedisTarget.Of(fixture));
