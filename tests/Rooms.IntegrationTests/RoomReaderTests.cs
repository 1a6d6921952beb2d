using KafkaRooms.Rooms.Reading;
using KafkaRooms.Testing.Redis;
using static KafkaRooms.Rooms.IntegrationTests.Events;

namespace KafkaRooms.Rooms.IntegrationTests;

/// <summary>The reader: paging the open-room list across buckets with a stable cursor.</summary>
public abstract class RoomReaderTests(RedisTarget target)
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(64, 7)]
    [InlineData(64, 1)]
    [InlineData(5, 1000)]
    [InlineData(4, 20)]
    [InlineData(2, 13)]
    public async Task Pages_return_every_open_room_exactly_once(int bucketCount, int pageSize)
    {
        var h = new StateHarness(target, bucketCount);
        var rooms = Enumerable.Range(0, 60).Select(RoomHistories.RoomHistoryGenerator.RoomId).ToList();
        await h.Store.ApplyBatchAsync(rooms.Select((r, i) => Created(r, (ulong)i + 1, T0 + i)).ToList());
        await h.Store.ApplyBatchAsync(rooms.Take(10).Select((r, i) => Closed(r, (ulong)i + 1, T0 + 100)).ToList());

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await h.Reader.ListRoomsAsync(1, pageSize, cursor);
            Assert.True(page.Rooms.Count <= pageSize);
            seen.AddRange(page.Rooms.Select(r => r.RoomId));
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null && pages < 1000);

        Assert.Equal(rooms.Skip(10).Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Rooms_that_stay_open_are_listed_once_while_others_open_and_close_between_pages()
    {
        var h = new StateHarness(target, bucketCount: 4);
        var stay = Enumerable.Range(0, 30).Select(i => $"stay {i}").ToList();
        await h.Store.ApplyBatchAsync(stay.Select(r => Created(r, 5, T0)).ToList());

        var seen = new List<string>();
        string? cursor = null;
        var round = 0;
        do
        {
            var page = await h.Reader.ListRoomsAsync(1, 4, cursor);
            seen.AddRange(page.Rooms.Select(r => r.RoomId));
            cursor = page.NextCursor;
            // Churn between pages: a room opens, the previous one closes.
            await h.ApplyAsync(Created($"churn {round}", 5, T0));
            await h.ApplyAsync(Closed($"churn {round - 1}", 5, T0 + 1));
            round++;
        }
        while (cursor is not null);

        Assert.Equal(stay.Order(StringComparer.Ordinal), seen.Where(r => r.StartsWith("stay", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Fact]
    public async Task Summaries_carry_session_create_time_creator_and_online_count()
    {
        var h = new StateHarness(target);
        await h.ApplyAllAsync(
            Created("a", ulong.MaxValue, T0, creator: "c {1}"),
            Login("a", ulong.MaxValue, T0 + 1, "u1", "s1"),
            Login("a", ulong.MaxValue, T0 + 2, "u2", "s2"),
            Created("b", 3, T0 + 5));

        var page = await h.Reader.ListRoomsAsync(1, 10, null);

        Assert.Equal(
            [new RoomSummaryView("a", ulong.MaxValue, T0, "c {1}", 2, T0 + 2), new RoomSummaryView("b", 3, T0 + 5, "host", 0, T0 + 5)],
            page.Rooms.OrderBy(r => r.RoomId, StringComparer.Ordinal));
        Assert.Null(await h.Reader.GetRoomAsync(1, "missing"));
        Assert.Null(await h.Reader.ListUsersAsync(1, "missing"));
        Assert.Empty((await h.Reader.ListRoomsAsync(2, 10, null)).Rooms);
    }

    [Fact]
    public async Task A_listed_online_count_belongs_to_the_listed_lifecycle_while_rooms_are_recreated()
    {
        var h = new StateHarness(target, bucketCount: 2);
        var rooms = new[] { "a", "b", "c", "d" };
        using var writing = new CancellationTokenSource();

        // Lifecycle S of every room has S % 3 users, who log in before its create arrives, so
        // the create shows them at once: in every state of Redis, count == session % 3.
        async Task RecreateAsync(string room)
        {
            for (ulong session = 1; session <= 150; session++)
            {
                for (var u = 0UL; u < session % 3; u++)
                {
                    await h.ApplyAsync(Login(room, session, T0 + (long)session, $"u{u}", $"s{session}"));
                }

                await h.ApplyAsync(Created(room, session, T0 + (long)session));
            }
        }

        var writers = Task.WhenAll(rooms.Select(r => Task.Run(() => RecreateAsync(r))));
        var mismatches = new List<RoomSummaryView>();
        var pages = 0;
        while (!writers.IsCompleted)
        {
            var page = await h.Reader.ListRoomsAsync(1, 10, null);
            mismatches.AddRange(page.Rooms.Where(r => r.OnlineCount != (long)(r.RoomSession % 3)));
            pages++;
        }

        await writers;
        Assert.True(pages > 10, $"only {pages} pages were read while rooms were recreated");
        Assert.Empty(mismatches);
    }

    [Fact]
    public async Task A_malformed_cursor_is_refused()
    {
        var h = new StateHarness(target);
        await Assert.ThrowsAsync<ArgumentException>(() => h.Reader.ListRoomsAsync(1, 10, "nonsense"));
        await Assert.ThrowsAsync<ArgumentException>(() => h.Reader.ListRoomsAsync(1, 10, "99999:x"));
    }
}

[Collection(RedisCollection.Name)]
public sealed class RoomReaderTestsOnRedisServer(RedisServerFixture fixture) : RoomReaderTests(RedisTarget.Of(fixture));

[Collection(RedisClusterCollection.Name)]
public sealed class RoomReaderTestsOnRedisCluster(RedisClusterFixture fixture) : RoomReaderTests(RedisTarget.Of(fixture));
