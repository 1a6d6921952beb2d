using System.Diagnostics;
using KafkaRooms.Rooms.Redis;
using KafkaRooms.Testing.Redis;
using Microsoft.Extensions.Time.Testing;
using static KafkaRooms.Rooms.IntegrationTests.Events;

namespace KafkaRooms.Rooms.IntegrationTests;

/// <summary>
/// docs/rules.md §4: whatever refutes an event (a tombstone, pending user data, a logout line)
/// must outlive the time that event can still be applied, in every worker's clock. These tests
/// use second-scale bounds and let real time pass, so Redis expiry really happens.
/// </summary>
public abstract class RetentionRuleTests(RedisTarget target)
{
    private const string Room = "r1";
    private const long Now = StateHarness.Now;

    // Skew case: the close lies 700 ms ahead of the clock that applies it (within the skew).
    // Max-age case: events stay applicable for 3 s while tombstones are only retained 0.5 s.
    [Theory]
    [InlineData(1_000, 1_000, 800, 700, 500, 2_500)]
    [InlineData(500, 3_000, 200, 0, -100, 3_200)]
    public async Task A_tombstone_outlives_every_create_it_refutes(
        long retentionMs, long maxAgeMs, long skewMs, long closeAt, long createAt, long expectedLifetimeMs)
    {
        var h = new StateHarness(target).WithTimeBounds(retentionMs, maxAgeMs, skewMs);

        var sinceWrite = Stopwatch.StartNew();
        Assert.Equal(ApplyOutcome.Applied, await h.ApplyAsync(Closed(Room, 5, Now + closeAt)));
        AssertLifetime(await h.Db.KeyTimeToLiveAsync(h.Keys.Tombstone(1, Room)), expectedLifetimeMs, sinceWrite);

        // Past the retention, the create of the closed lifecycle is still young enough to apply.
        await h.ElapseAsync(1_300);
        Assert.Equal(ApplyOutcome.Stale, await h.ApplyAsync(Created(Room, 5, Now + createAt)));
        Assert.Null(await h.Reader.GetRoomAsync(1, Room));
    }

    // Redis counts a TTL down in real time: read after the write, it is the lifetime set less at
    // most the time that passed since (a busy machine may stall between the two).
    private static void AssertLifetime(TimeSpan? ttl, long expectedMs, Stopwatch sinceWrite) =>
        Assert.InRange(ttl!.Value.TotalMilliseconds, expectedMs - sinceWrite.ElapsedMilliseconds - 1, expectedMs);

    [Fact]
    public async Task A_tombstone_lives_at_least_the_retention()
    {
        var h = new StateHarness(target).WithTimeBounds(retentionMs: 60_000, maxEventAgeMs: 10_000, maxClockSkewMs: 1_000);

        await h.ApplyAsync(Closed(Room, 5, Now - 9_000));

        var ttl = await h.Db.KeyTimeToLiveAsync(h.Keys.Tombstone(1, Room));
        Assert.InRange(ttl!.Value.TotalMilliseconds, 59_000, 60_000);
    }

    [Fact]
    public async Task Pending_users_outlive_every_create_that_shows_them_and_their_expiry_only_grows()
    {
        var h = new StateHarness(target).WithTimeBounds(retentionMs: 1_000, maxEventAgeMs: 1_000, maxClockSkewMs: 800);
        var pending = h.Keys.Pending(1, Room, "9");

        var sinceWrite = Stopwatch.StartNew();
        Assert.Equal(ApplyOutcome.Applied, await h.ApplyAsync(Login(Room, 9, Now + 700, "u1", "s1")));
        AssertLifetime(await h.Db.KeyTimeToLiveAsync(pending), 2_500, sinceWrite);
        // An older event of the same lifecycle needs less (1.8 s); it must not shorten the expiry.
        Assert.Equal(ApplyOutcome.Applied, await h.ApplyAsync(Login(Room, 9, Now, "u2", "s2")));
        AssertLifetime(await h.Db.KeyTimeToLiveAsync(pending), 2_500, sinceWrite);

        await h.ElapseAsync(1_300);
        Assert.Equal(ApplyOutcome.Applied, await h.ApplyAsync(Created(Room, 9, Now + 500)));
        Assert.Equal(["u1", "u2"], ((await h.Reader.ListUsersAsync(1, Room)) ?? []).Select(u => u.UserAccount).Order());
    }

    [Fact]
    public async Task A_logout_line_is_kept_while_a_worker_with_a_slower_clock_can_still_apply_its_login()
    {
        var h = new StateHarness(target).WithTimeBounds(retentionMs: 10_000, maxEventAgeMs: 10_000, maxClockSkewMs: 1_000);
        h.Clock.Advance(TimeSpan.FromMilliseconds(1_100));
        await h.ApplyAllAsync(Created(Room, 7, Now), Login(Room, 7, Now + 1_000, "u1", "A"), Logout(Room, 7, Now + 1_100, "u1", "A"));

        // 10.1 s after A's logout the same user logs in again; rewriting the user's field may prune.
        h.Clock.Advance(TimeSpan.FromMilliseconds(10_100));
        Assert.Equal(
            [ApplyOutcome.Applied, ApplyOutcome.Applied],
            await h.ApplyAllAsync(Login(Room, 7, Now + 11_200, "u1", "B"), Logout(Room, 7, Now + 11_300, "u1", "B")));

        // Another worker, 250 ms behind, replays A's login: still within its max age.
        var slower = h.WorkerWithClock(new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(Now + 10_950)));
        Assert.Equal(ApplyOutcome.Stale, await slower.ApplyAsync(Login(Room, 7, Now + 1_000, "u1", "A")));
        Assert.Empty((await h.Reader.ListUsersAsync(1, Room))!);
    }
}

[Collection(RedisCollection.Name)]
public sealed class RetentionRuleTestsOnRedisServer(RedisServerFixture fixture) : RetentionRuleTests(RedisTarget.Of(fixture));

[Collection(RedisClusterCollection.Name)]
public sealed class RetentionRuleTestsOnRedisCluster(RedisClusterFixture fixture) : RetentionRuleTests(RedisTarget.Of(fixture));
