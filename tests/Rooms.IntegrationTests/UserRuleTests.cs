using KafkaRooms.Rooms.Reading;
using KafkaRooms.Rooms.Redis;
using KafkaRooms.Testing.Redis;
using static KafkaRooms.Rooms.IntegrationTests.Events;

namespace KafkaRooms.Rooms.IntegrationTests;

/// <summary>docs/rules.md §3 (user registers) and the retention of §4.</summary>
public abstract class UserRuleTests(RedisTarget target)
{
    private const string Room = "r1";

    private StateHarness NewHarness() => new(target);

    private static async Task<string[]> OnlineAsync(StateHarness h, string room = Room) =>
        ((await h.Reader.ListUsersAsync(1, room)) ?? []).Select(u => u.UserAccount).ToArray();

    [Fact]
    public async Task Zego_example_c1_c4_c2_c3_leaves_u1_and_u2_online()
    {
        var h = NewHarness();
        await h.ApplyAsync(Created(Room, 7, T0));
        var c1 = Login(Room, 7, T0 + 10, "u1", "u1-a");
        var c2 = Login(Room, 7, T0 + 20, "u2", "u2-a");
        var c3 = Logout(Room, 7, T0 + 30, "u1", "u1-a");
        var c4 = Login(Room, 7, T0 + 40, "u1", "u1-b");

        Assert.All(await h.ApplyAllAsync(c1, c4, c2, c3), o => Assert.Equal(ApplyOutcome.Applied, o));

        Assert.Equal(["u1", "u2"], await OnlineAsync(h));
        Assert.Equal(2, (await h.Reader.GetRoomAsync(1, Room))!.Room.OnlineCount);
    }

    [Fact]
    public async Task Login_lists_the_user_with_nickname_role_and_login_time()
    {
        var h = NewHarness();
        await h.ApplyAllAsync(Created(Room, 7, T0), Login(Room, 7, T0 + 10, "u1", "s1", nickname: "Zoë 🎲 a\tb".Replace("\t", " ", StringComparison.Ordinal), role: "2"));

        var user = Assert.Single((await h.Reader.ListUsersAsync(1, Room))!);
        Assert.Equal(new RoomUserView("u1", "Zoë 🎲 a b", "2", T0 + 10), user);
    }

    [Fact]
    public async Task Logout_beats_login_of_the_same_user_session_in_the_same_millisecond()
    {
        var h = NewHarness();
        await h.ApplyAsync(Created(Room, 7, T0));

        Assert.Equal(
            [ApplyOutcome.Applied, ApplyOutcome.Stale, ApplyOutcome.Duplicate],
            await h.ApplyAllAsync(Logout(Room, 7, T0 + 10, "u1", "s1"), Login(Room, 7, T0 + 10, "u1", "s1"), Logout(Room, 7, T0 + 10, "u1", "s1")));
        Assert.Empty(await OnlineAsync(h));
    }

    [Fact]
    public async Task A_later_login_of_a_logged_out_user_session_brings_it_back()
    {
        var h = NewHarness();
        await h.ApplyAllAsync(Created(Room, 7, T0), Login(Room, 7, T0 + 10, "u1", "s1"), Logout(Room, 7, T0 + 20, "u1", "s1"));

        Assert.Equal(ApplyOutcome.Applied, await h.ApplyAsync(Login(Room, 7, T0 + 30, "u1", "s1")));
        Assert.Equal(["u1"], await OnlineAsync(h));
    }

    [Fact]
    public async Task Duplicate_login_is_a_duplicate_and_an_older_login_is_stale()
    {
        var h = NewHarness();
        await h.ApplyAllAsync(Created(Room, 7, T0), Login(Room, 7, T0 + 10, "u1", "s1", nickname: "first"));

        Assert.Equal(ApplyOutcome.Duplicate, await h.ApplyAsync(Login(Room, 7, T0 + 10, "u1", "s1", nickname: "other")));
        Assert.Equal(ApplyOutcome.Stale, await h.ApplyAsync(Login(Room, 7, T0 + 5, "u1", "s1")));
        Assert.Equal("first", Assert.Single((await h.Reader.ListUsersAsync(1, Room))!).Nickname);
    }

    [Fact]
    public async Task The_old_sessions_logout_does_not_remove_a_user_who_relogged_from_another_device()
    {
        var h = NewHarness();
        await h.ApplyAllAsync(
            Created(Room, 7, T0),
            Login(Room, 7, T0 + 10, "u1", "phone", nickname: "on phone"),
            Login(Room, 7, T0 + 20, "u1", "laptop", nickname: "on laptop"),
            Logout(Room, 7, T0 + 30, "u1", "phone"));

        var user = Assert.Single((await h.Reader.ListUsersAsync(1, Room))!);
        Assert.Equal(("on laptop", T0 + 20), (user.Nickname, user.LoginTimeMs));
        Assert.Equal(1, (await h.Reader.GetRoomAsync(1, Room))!.Room.OnlineCount);
    }

    [Fact]
    public async Task The_listed_details_come_from_the_latest_online_user_session()
    {
        var h = NewHarness();
        await h.ApplyAllAsync(
            Created(Room, 7, T0),
            Login(Room, 7, T0 + 20, "u1", "laptop", nickname: "on laptop"),
            Login(Room, 7, T0 + 10, "u1", "phone", nickname: "on phone"));
        Assert.Equal("on laptop", Assert.Single((await h.Reader.ListUsersAsync(1, Room))!).Nickname);

        await h.ApplyAsync(Logout(Room, 7, T0 + 30, "u1", "laptop"));
        Assert.Equal(("on phone", T0 + 10), Assert.Single((await h.Reader.ListUsersAsync(1, Room))!) is var u ? (u.Nickname, u.LoginTimeMs) : default);

        await h.ApplyAsync(Logout(Room, 7, T0 + 31, "u1", "phone"));
        Assert.Empty(await OnlineAsync(h));
        Assert.Equal(0, (await h.Reader.GetRoomAsync(1, Room))!.Room.OnlineCount);
    }

    [Fact]
    public async Task Logins_in_the_same_millisecond_show_the_user_session_with_the_greater_id_bytes()
    {
        var h = NewHarness();
        // By bytes "9" > "10" > "1" (not numerically); "é" (0xC3 0xA9) > "z".
        await h.ApplyAllAsync(
            Created(Room, 7, T0),
            Login(Room, 7, T0 + 10, "u1", "10", nickname: "ten"),
            Login(Room, 7, T0 + 10, "u1", "9", nickname: "nine"),
            Login(Room, 7, T0 + 10, "u1", "1", nickname: "one"),
            Login(Room, 7, T0 + 10, "u2", "z", nickname: "zed"),
            Login(Room, 7, T0 + 10, "u2", "é", nickname: "e acute"));

        var users = (await h.Reader.ListUsersAsync(1, Room))!;
        Assert.Equal(["nine", "e acute"], users.Select(u => u.Nickname));
    }

    [Fact]
    public async Task Users_who_arrive_before_the_create_become_visible_with_it()
    {
        var h = NewHarness();
        Assert.Equal(ApplyOutcome.Applied, await h.ApplyAsync(Login(Room, 7, T0 + 10, "u1", "s1")));
        Assert.Null(await h.Reader.ListUsersAsync(1, Room));
        var pendingTtl = await h.Db.KeyTimeToLiveAsync(h.Keys.Pending(1, Room, "7"));
        // Kept until the login time (a minute ago) + max age (24 h) + max clock skew (5 min).
        Assert.InRange(pendingTtl!.Value, TimeSpan.FromHours(24) + TimeSpan.FromMinutes(3), TimeSpan.FromHours(24) + TimeSpan.FromMinutes(5));

        await h.ApplyAsync(Created(Room, 7, T0));

        Assert.Equal(["u1"], await OnlineAsync(h));
        Assert.Null(await h.Db.KeyTimeToLiveAsync(h.Keys.Users(1, Room)));
        Assert.False(await h.Db.KeyExistsAsync(h.Keys.Pending(1, Room, "7")));
    }

    [Fact]
    public async Task Users_of_a_closed_lifecycle_are_stale()
    {
        var h = NewHarness();
        await h.ApplyAllAsync(Created(Room, 7, T0), Closed(Room, 7, T0 + 100));

        Assert.Equal(ApplyOutcome.Stale, await h.ApplyAsync(Login(Room, 7, T0 + 50, "u1", "s1")));
        Assert.Equal(ApplyOutcome.Stale, await h.ApplyAsync(Logout(Room, 7, T0 + 60, "u1", "s1")));
    }

    [Fact]
    public async Task Users_of_an_older_lifecycle_are_stale_and_never_shown()
    {
        var h = NewHarness();
        await h.ApplyAsync(Created(Room, 8, T0 + 100));

        Assert.Equal(ApplyOutcome.Stale, await h.ApplyAsync(Login(Room, 7, T0 + 50, "u1", "s1")));
        // Same time as the create: the smaller session is the older lifecycle.
        Assert.Equal(ApplyOutcome.Stale, await h.ApplyAsync(Login(Room, 7, T0 + 100, "u2", "s2")));
        Assert.Empty(await OnlineAsync(h));
    }

    [Fact]
    public async Task Users_of_a_newer_lifecycle_wait_while_the_older_one_is_open()
    {
        var h = NewHarness();
        await h.ApplyAllAsync(Created(Room, 7, T0), Login(Room, 7, T0 + 1, "old", "s0"));

        Assert.Equal(ApplyOutcome.Applied, await h.ApplyAsync(Login(Room, 8, T0 + 200, "new", "s1")));
        Assert.Equal(["old"], await OnlineAsync(h));

        await h.ApplyAsync(Created(Room, 8, T0 + 150));
        Assert.Equal(["new"], await OnlineAsync(h));
        Assert.Equal(8UL, (await h.Reader.GetRoomAsync(1, Room))!.Room.RoomSession);
    }

    [Fact]
    public async Task Pending_users_of_a_lifecycle_closed_before_its_create_are_dropped()
    {
        var h = NewHarness();
        await h.ApplyAllAsync(Login(Room, 7, T0 + 10, "u1", "s1"), Closed(Room, 7, T0 + 20));

        Assert.False(await h.Db.KeyExistsAsync(h.Keys.Pending(1, Room, "7")));
        Assert.Equal(ApplyOutcome.Stale, await h.ApplyAsync(Created(Room, 7, T0)));
        Assert.Null(await h.Reader.ListUsersAsync(1, Room));
    }

    [Fact]
    public async Task Logged_out_user_sessions_older_than_the_max_age_plus_the_clock_skew_are_pruned()
    {
        var h = NewHarness();
        await h.ApplyAllAsync(
            Created(Room, 7, T0),
            Login(Room, 7, T0 + 10, "u1", "old"),
            Logout(Room, 7, T0 + 20, "u1", "old"),
            Login(Room, 7, T0 + 30, "u1", "still-on"));
        for (var i = 0; i < 40; i++)
        {
            await h.ApplyAllAsync(Login(Room, 7, T0 + 40 + i, $"gone{i}", "s"), Logout(Room, 7, T0 + 41 + i, $"gone{i}", "s"));
        }

        Assert.Equal(42, await h.Db.HashLengthAsync(h.Keys.Users(1, Room)));

        // Past the max age but within the clock skew: a slower worker could still apply the old login.
        h.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(3));
        Assert.Equal(ApplyOutcome.Applied, await h.ApplyAsync(Login(Room, 7, h.Clock.GetUtcNow().ToUnixTimeMilliseconds(), "u1", "mid")));
        Assert.Contains("old\t", (string)(await h.Db.HashGetAsync(h.Keys.Users(1, Room), "u1"))!, StringComparison.Ordinal);

        // A day and the skew later, the room is still open and users keep coming and going.
        h.Clock.Advance(TimeSpan.FromMinutes(3));
        var later = h.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        Assert.Equal(ApplyOutcome.Applied, await h.ApplyAsync(Login(Room, 7, later, "u1", "new")));
        var u1 = (string)(await h.Db.HashGetAsync(h.Keys.Users(1, Room), "u1"))!;
        Assert.DoesNotContain("old\t", u1, StringComparison.Ordinal);
        Assert.Contains("still-on\t", u1, StringComparison.Ordinal);
        for (var i = 0; i < 400; i++)
        {
            await h.ApplyAsync(Login(Room, 7, later, $"new{i}", "s"));
            await h.ApplyAsync(Logout(Room, 7, later, $"new{i}", "s"));
        }

        // The 40 users gone for a day are sampled away (16 fields with probability 1/16 per event)
        // while the newcomers come and go: left are the count field, u1, the 400 recent logouts and
        // few if any of the 40 (each survives with probability about 1 %).
        var fields = await h.Db.HashLengthAsync(h.Keys.Users(1, Room));
        Assert.InRange(fields, 402, 402 + 10);
        Assert.Equal(["u1"], await OnlineAsync(h));
    }

    [Theory]
    [InlineData("{r}:1", "user {x}:1")]
    [InlineData("a b:{c} d", "%41%20 }{")]
    [InlineData("房间 🎲", "用户 🎲")]
    [InlineData("}", "{")]
    [InlineData(":", ":")]
    public async Task Odd_room_ids_and_user_accounts_keep_their_rooms_apart(string room, string user)
    {
        var h = NewHarness();
        var longRoom = room + new string('L', 128 - System.Text.Encoding.UTF8.GetByteCount(room));
        await h.ApplyAllAsync(
            Created(room, 7, T0, creator: user),
            Login(room, 7, T0 + 1, user, "s:{1}"),
            Created(longRoom, 8, T0),
            Created(room + ":u:x", 9, T0),
            Login(room + ":u:x", 9, T0 + 1, "other", "s"));

        var view = await h.Reader.GetRoomAsync(1, room);
        Assert.Equal((7UL, user), (view!.Room.RoomSession, view.Room.Creator));
        Assert.Equal([user], view.Users.Select(u => u.UserAccount));
        Assert.Equal(8UL, (await h.Reader.GetRoomAsync(1, longRoom))!.Room.RoomSession);
        Assert.Equal(["other"], await OnlineAsync(h, room + ":u:x"));
        var all = await h.ReadStateAsync([1]);
        Assert.Equal(3, all.Count);
    }
}

[Collection(RedisCollection.Name)]
public sealed class UserRuleTestsOnRedisServer(RedisServerFixture fixture) : UserRuleTests(RedisTarget.Of(fixture));

[Collection(RedisClusterCollection.Name)]
public sealed class UserRuleTestsOnRedisCluster(RedisClusterFixture fixture) : UserRuleTests(RedisTarget.Of(fixture));
