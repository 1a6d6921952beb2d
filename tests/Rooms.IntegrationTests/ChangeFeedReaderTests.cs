using CsCheck;
using KafkaRooms.RoomHistories;
using KafkaRooms.Rooms.Reading;
using KafkaRooms.Testing.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using static KafkaRooms.Rooms.IntegrationTests.Events;

namespace KafkaRooms.Rooms.IntegrationTests;

/// <summary>
/// The .NET change-feed reader (docs/change-feed.md) over the real rule scripts: what it yields
/// rebuilds the state, resumes exactly after a cursor, refuses cursors whose changes are gone,
/// and shares one blocking read among all subscriptions of a process.
/// </summary>
public abstract class ChangeFeedReaderTests(RedisTarget target)
{
    private static readonly long BaseTime = StateHarness.Now - 600_000;

    private ChangeFeedReader NewReader(StateHarness h)
    {
        h.Options.Redis = target.ConnectionString;
        return new ChangeFeedReader(target.Connection, Options.Create(h.Options));
    }

    [Fact]
    public async Task A_subscriber_started_before_a_shuffled_duplicated_history_rebuilds_rooms_and_users_equal_to_state_and_truth()
    {
        await Gen.Int.Select(Gen.Double[0, 0.5]).SampleAsync(async (seed, duplicateRate) =>
        {
            var random = new Random(seed);
            var history = RoomHistoryGenerator.Generate(random, BaseTime, new HistorySizes(Apps: 2, RoomsPerApp: 12));
            var h = new StateHarness(target, bucketCount: 4);
            await using var reader = NewReader(h);
            var subscriptions = new Dictionary<uint, ChangeSubscription>();
            foreach (var app in history.AppIds)
            {
                subscriptions[app] = await reader.OpenAsync(app, ChangeFeedStart.Now);
            }

            // Several batches, so the feed is read while it is written.
            foreach (var batch in history.Delivery(random, duplicateRate).Chunk(25))
            {
                await h.Store.ApplyBatchAsync(batch);
            }

            var fromFeed = new RoomsFromFeed();
            foreach (var (app, subscription) in subscriptions)
            {
                await using var changes = subscription.ReadAllAsync().GetAsyncEnumerator();
                foreach (var change in await FeedEnds.ReadUntilAsync(changes, subscription.StartCursor, await FeedEnds.OfAsync(h, app)))
                {
                    fromFeed.Apply(app, change);
                }

                await subscription.DisposeAsync();
            }

            var differences = fromFeed.DifferencesFrom(history.Truth);
            Assert.True(differences.Count == 0, $"seed {seed}, feed vs truth:\n" + string.Join("\n", differences));
            differences = fromFeed.DifferencesFrom(await h.ReadStateAsync(history.AppIds));
            Assert.True(differences.Count == 0, $"seed {seed}, feed vs state:\n" + string.Join("\n", differences));
        }, iter: 4);
    }

    [Fact]
    public async Task Resuming_from_a_change_cursor_after_a_disconnect_loses_nothing_and_repeats_nothing()
    {
        var h = new StateHarness(target, bucketCount: 4);
        await using var reader = NewReader(h);
        var start = await reader.OpenAsync(1, ChangeFeedStart.Now);
        var startCursor = start.StartCursor;
        var rooms = Enumerable.Range(0, 12).Select(i => $"room {i}").ToArray();
        await h.ApplyAllAsync([.. rooms.Select((room, i) => Created(room, 7, T0 + i)), .. rooms.Select((room, i) => Login(room, 7, T0 + 20 + i, "u1", "s1"))]);

        // Read some changes, then drop the subscription as a lost connection would.
        List<RoomChange> before;
        await using (var changes = start.ReadAllAsync().GetAsyncEnumerator())
        {
            before = await FeedEnds.ReadUntilAsync(changes, startCursor, await FeedEnds.OfAsync(h, 1));
        }

        await start.DisposeAsync();
        var resumeAt = before[9].Cursor;
        await h.ApplyAllAsync([.. rooms.Select((room, i) => Logout(room, 7, T0 + 40 + i, "u1", "s1")), .. rooms.Take(3).Select((room, i) => Closed(room, 7, T0 + 60 + i))]);

        await using var resumed = await reader.OpenAsync(1, ChangeFeedStart.After(resumeAt));
        Assert.Equal(resumeAt, resumed.StartCursor);
        await using var rest = resumed.ReadAllAsync().GetAsyncEnumerator();
        var after = await FeedEnds.ReadUntilAsync(rest, resumeAt, await FeedEnds.OfAsync(h, 1));

        // Everything the buckets hold, each bucket in its order: the first ten changes and the
        // resumed ones together, nothing twice.
        Assert.Equal(await AllChangesAsync(h, 1), Describe(h, 1, before.Take(10).Concat(after)));
        Assert.Equal(24 + 12 + 3, before.Take(10).Concat(after).Count());
    }

    [Fact]
    public async Task The_room_list_and_the_feed_from_its_changes_cursor_give_the_state_while_events_keep_applying()
    {
        var random = new Random(11);
        var history = RoomHistoryGenerator.Generate(random, BaseTime, new HistorySizes(Apps: 1, RoomsPerApp: 40));
        var app = history.AppIds[0];
        var delivery = history.Delivery(random, 0.2);
        var h = new StateHarness(target, bucketCount: 4);
        await h.Store.ApplyBatchAsync(delivery.Take(delivery.Count / 3).ToArray());
        await using var reader = NewReader(h);

        // The list is walked in small pages while the rest of the history applies.
        var writing = Task.Run(async () =>
        {
            foreach (var batch in delivery.Skip(delivery.Count / 3).Chunk(5))
            {
                await h.Store.ApplyBatchAsync(batch);
            }
        });
        var fromFeed = new RoomsFromFeed();
        RoomListPage page;
        string? cursor = null;
        do
        {
            page = await h.Reader.ListRoomsAsync(app, 3, cursor);
            Assert.True(page.NextCursor is null == page.ChangesCursor is not null, "only the last page carries the changes cursor");
            foreach (var room in page.Rooms)
            {
                if (await h.Reader.GetRoomAsync(app, room.RoomId) is { } view && view.Room.RoomSession == room.RoomSession)
                {
                    fromFeed.Seed(app, view);
                }
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);

        await writing;
        await using var subscription = await reader.OpenAsync(app, ChangeFeedStart.After(page.ChangesCursor!));
        await using var changes = subscription.ReadAllAsync().GetAsyncEnumerator();
        foreach (var change in await FeedEnds.ReadUntilAsync(changes, subscription.StartCursor, await FeedEnds.OfAsync(h, app)))
        {
            fromFeed.Apply(app, change);
        }

        var differences = fromFeed.DifferencesFrom(history.Truth);
        Assert.True(differences.Count == 0, "list + feed vs truth:\n" + string.Join("\n", differences));
    }

    [Fact]
    public async Task A_list_read_without_concurrent_writes_gives_the_feed_position_of_its_last_change()
    {
        var h = new StateHarness(target, bucketCount: 4);
        await h.ApplyAllAsync(Created("a", 7, T0), Created("b", 7, T0), Login("a", 7, T0 + 1, "u1", "s1"));
        var page = await h.Reader.ListRoomsAsync(1, 100, null);
        Assert.Null(page.NextCursor);
        await using var reader = NewReader(h);

        await using var subscription = await reader.OpenAsync(1, ChangeFeedStart.After(page.ChangesCursor!));
        Assert.True(FeedEnds.Covers(page.ChangesCursor!, await FeedEnds.OfAsync(h, 1)));
        await h.ApplyAsync(Closed("b", 7, T0 + 2));
        await using var changes = subscription.ReadAllAsync().GetAsyncEnumerator();
        var next = Assert.Single(await FeedEnds.ReadUntilAsync(changes, subscription.StartCursor, await FeedEnds.OfAsync(h, 1)));
        Assert.Equal((RoomChangeKind.RoomClosed, "b", "closed"), (next.Kind, next.RoomId, next.Reason));
    }

    [Fact]
    public async Task A_cursor_whose_changes_were_trimmed_is_refused_as_expired_and_a_recent_one_is_not()
    {
        // One bucket; Redis trims whole stream nodes of 100 entries, so a few hundred changes trim.
        var h = new StateHarness(target, bucketCount: 1);
        h.Options.ChangeFeedMaxLength = 10;
        await h.ApplyAsync(Created("first", 7, T0));
        var old = (await h.Reader.ListRoomsAsync(1, 10, null)).ChangesCursor!;
        await h.ApplyAllAsync([.. Enumerable.Range(0, 400).Select(i => Created($"room {i}", 7, T0 + i))]);
        var recent = (await h.Reader.ListRoomsAsync(1, 1000, null)).ChangesCursor!;
        await using var reader = NewReader(h);

        var expired = await Assert.ThrowsAsync<ChangeCursorExpiredException>(() => reader.OpenAsync(1, ChangeFeedStart.After(old)));
        Assert.Contains("no longer retains", expired.Message);
        await using var fine = await reader.OpenAsync(1, ChangeFeedStart.After(recent));
        Assert.Equal(recent, fine.StartCursor);
    }

    [Fact]
    public async Task A_cursor_past_the_feed_end_is_refused_as_Redis_having_lost_changes()
    {
        var h = new StateHarness(target, bucketCount: 2);
        await h.ApplyAllAsync(Created("a", 7, T0), Created("b", 7, T0), Created("c", 7, T0));
        var cursor = (await h.Reader.ListRoomsAsync(1, 10, null)).ChangesCursor!;
        await using var reader = NewReader(h);

        // As a FLUSHALL by mistake, or a restore from an older backup, would leave it.
        for (var bucket = 0; bucket < 2; bucket++)
        {
            await h.Db.KeyDeleteAsync(h.Keys.Changes(1, bucket));
        }

        var expired = await Assert.ThrowsAsync<ChangeCursorExpiredException>(() => reader.OpenAsync(1, ChangeFeedStart.After(cursor)));
        Assert.Contains("lost changes", expired.Message);
    }

    [Fact]
    public async Task Malformed_cursors_and_cursors_of_another_app_or_bucket_count_are_refused_naming_the_cursor()
    {
        var h = new StateHarness(target, bucketCount: 4);
        await h.ApplyAsync(Created("a", 7, T0));
        var appOne = (await h.Reader.ListRoomsAsync(1, 10, null)).ChangesCursor!;
        var twoBuckets = ChangeCursor.Format(1, new StreamEntryId[2]);
        await using var reader = NewReader(h);

        foreach (var bad in new[] { "x", "k1.1.4.0...", appOne + ".", appOne.Replace("k1.", "k2.", StringComparison.Ordinal), twoBuckets })
        {
            var refused = await Assert.ThrowsAsync<InvalidChangeCursorException>(() => reader.OpenAsync(1, ChangeFeedStart.After(bad)));
            Assert.Equal("cursor", refused.ParamName);
        }

        var otherApp = await Assert.ThrowsAsync<InvalidChangeCursorException>(() => reader.OpenAsync(2, ChangeFeedStart.After(appOne)));
        Assert.Contains("belongs to app 1", otherApp.Message);
    }

    [Fact]
    public async Task From_the_earliest_a_subscription_reads_every_retained_change_in_each_bucket_order()
    {
        var h = new StateHarness(target, bucketCount: 4);
        await h.ApplyAllAsync(Created("a", 7, T0), Login("a", 7, T0 + 1, "u1", "s1"), Created("b", 8, T0), Logout("a", 7, T0 + 2, "u1", "s1"), Closed("b", 8, T0 + 3));
        await using var reader = NewReader(h);

        await using var subscription = await reader.OpenAsync(1, ChangeFeedStart.FromEarliest);
        await using var changes = subscription.ReadAllAsync().GetAsyncEnumerator();
        var all = await FeedEnds.ReadUntilAsync(changes, subscription.StartCursor, await FeedEnds.OfAsync(h, 1));

        Assert.Equal(await AllChangesAsync(h, 1), Describe(h, 1, all));
        Assert.Equal(5, all.Count);
    }

    [Fact]
    public async Task All_subscriptions_of_an_app_share_one_blocking_read_per_bucket_group()
    {
        var h = new StateHarness(target, bucketCount: 4);
        await using var reader = NewReader(h);
        var subscriptions = new List<ChangeSubscription>();
        for (var i = 0; i < 10; i++)
        {
            subscriptions.Add(await reader.OpenAsync(1, ChangeFeedStart.Now));
        }

        // One blocking read on a single Redis; on a cluster XREAD cannot span slots, so one per bucket.
        var expected = target.IsCluster ? h.Options.BucketCount : 1;
        Assert.Equal(expected, await BlockingReadsAsync(h, expected));
        await h.ApplyAsync(Created("shared", 7, T0));
        foreach (var subscription in subscriptions)
        {
            await using var changes = subscription.ReadAllAsync().GetAsyncEnumerator();
            var change = Assert.Single(await FeedEnds.ReadUntilAsync(changes, subscription.StartCursor, await FeedEnds.OfAsync(h, 1)));
            Assert.Equal(("shared", RoomChangeKind.RoomOpened), (change.RoomId, change.Kind));
            await subscription.DisposeAsync();
        }

        // The last subscription gone, the blocking reads stop.
        Assert.Equal(0, await BlockingReadsAsync(h, 0));
    }

    [Fact]
    public async Task A_subscription_that_falls_a_buffer_behind_still_reads_every_change_once_in_order()
    {
        var h = new StateHarness(target, bucketCount: 2);
        h.Options.ChangeFeedMaxLength = 100_000;
        await using var reader = NewReader(h);
        await using var slow = await reader.OpenAsync(1, ChangeFeedStart.Now);
        await using var fast = await reader.OpenAsync(1, ChangeFeedStart.Now);

        // More changes than a subscription buffers, written while the slow one reads nothing; once
        // the fast one has them all, the shared feed has offered them all to the slow one too.
        foreach (var batch in Enumerable.Range(0, 12_000).Select(i => Created($"room {i}", 7, T0 + (i % 1000))).Chunk(2000))
        {
            await h.ApplyAllAsync(batch);
        }

        var ends = await FeedEnds.OfAsync(h, 1);
        await using (var fastChanges = fast.ReadAllAsync().GetAsyncEnumerator())
        {
            Assert.Equal(12_000, (await FeedEnds.ReadUntilAsync(fastChanges, fast.StartCursor, ends)).Count);
        }

        await using var changes = slow.ReadAllAsync().GetAsyncEnumerator();
        var all = await FeedEnds.ReadUntilAsync(changes, slow.StartCursor, ends);
        Assert.Equal(12_000, all.Count);
        Assert.Equal(await AllChangesAsync(h, 1), Describe(h, 1, all));
    }

    [Fact]
    public async Task A_subscription_whose_unread_changes_are_trimmed_away_ends_with_expired_after_what_it_could_read()
    {
        var h = new StateHarness(target, bucketCount: 1);
        h.Options.ChangeFeedMaxLength = 1000;
        await using var reader = NewReader(h);
        await using var slow = await reader.OpenAsync(1, ChangeFeedStart.Now);
        await using var fast = await reader.OpenAsync(1, ChangeFeedStart.Now);
        var fastRead = 0;
        var fastCursor = fast.StartCursor;
        await using (var fastChanges = fast.ReadAllAsync().GetAsyncEnumerator())
        {
            // Small batches, each read by the fast subscription before the next: the shared feed keeps up with the trim.
            foreach (var batch in Enumerable.Range(0, 12_000).Select(i => Created($"room {i}", 7, T0 + (i % 1000))).Chunk(200))
            {
                await h.ApplyAllAsync(batch);
                var read = await FeedEnds.ReadUntilAsync(fastChanges, fastCursor, await FeedEnds.OfAsync(h, 1));
                fastRead += read.Count;
                fastCursor = read[^1].Cursor;
            }
        }

        Assert.Equal(12_000, fastRead);

        // The slow one had a buffer's worth queued; the rest it must read from Redis, which kept ~1000.
        var slowRead = 0;
        var expired = await Assert.ThrowsAsync<ChangeCursorExpiredException>(async () =>
        {
            await foreach (var _ in slow.ReadAllAsync())
            {
                slowRead++;
            }
        });
        Assert.Contains("no longer retains", expired.Message);
        Assert.InRange(slowRead, 1, 11_999);
    }

    // Each bucket's changes in stream order, as "bucket: kind room session user".
    private static async Task<List<string>> AllChangesAsync(StateHarness h, uint app)
    {
        var all = new List<string>();
        for (var bucket = 0; bucket < h.Options.BucketCount; bucket++)
        {
            foreach (var entry in await h.Db.StreamRangeAsync(h.Keys.Changes(app, bucket)))
            {
                var fields = entry.Values.ToDictionary(v => (string)v.Name!, v => (string?)v.Value);
                all.Add($"{bucket}: {fields["kind"]} {fields["room_id"]} {fields["room_session_id"]} {fields.GetValueOrDefault("user_account")}");
            }
        }

        return all;
    }

    // The same, from what a subscription yielded: grouped by bucket, keeping the order within each.
    private static List<string> Describe(StateHarness h, uint app, IEnumerable<RoomChange> changes) =>
        changes
            .Select(c => (Bucket: h.Keys.Bucket(app, c.RoomId), Change: c))
            .OrderBy(p => p.Bucket)
            .Select(p => $"{p.Bucket}: {p.Change.Kind.WireName()} {p.Change.RoomId} {p.Change.RoomSession} {p.Change.UserAccount}")
            .ToList();

    // The feed's named connections blocked in XREAD, across every master; waits up to 10 s for `expected`.
    private async Task<int> BlockingReadsAsync(StateHarness h, int expected)
    {
        var options = ConfigurationOptions.Parse(target.ConnectionString);
        options.AllowAdmin = true;
        await using var admin = await ConnectionMultiplexer.ConnectAsync(options);
        var name = $"kafkarooms-feed:{h.Options.KeyPrefix}:1:";
        var count = -1;
        for (var attempt = 0; attempt < 100 && count != expected; attempt++)
        {
            count = 0;
            foreach (var server in admin.GetServers().Where(s => !s.IsReplica && s.IsConnected))
            {
                count += (await server.ClientListAsync()).Count(c => c.Name?.StartsWith(name, StringComparison.Ordinal) == true);
            }

            if (count != expected)
            {
                await Task.Delay(100);
            }
        }

        return count;
    }
}

[Collection(RedisCollection.Name)]
public sealed class ChangeFeedReaderTestsOnRedisServer(RedisServerFixture fixture) : ChangeFeedReaderTests(RedisTarget.Of(fixture));

[Collection(RedisClusterCollection.Name)]
public sealed class ChangeFeedReaderTestsOnRedisCluster(RedisClusterFixture fixture) : ChangeFeedReaderTests(RedisTarget.Of(fixture));
