using System.Globalization;
using System.Text.Json;
using KafkaRooms.RoomHistories;
using KafkaRooms.Rooms.Contract;
using KafkaRooms.Testing.Kafka;
using KafkaRooms.Testing.Redis;

namespace KafkaRooms.Admin.IntegrationTests;

/// <summary>`audit`: the retained topic replayed into a scratch prefix and compared with the live state.</summary>
[Collection(AdminCollection.Name)]
public sealed class AuditTests(KafkaFixture kafka, RedisServerFixture redis)
{
    [Fact]
    public async Task An_audit_of_the_state_built_from_the_topic_finds_no_difference_and_leaves_nothing_behind()
    {
        using var world = await AdminWorld.CreateAsync(kafka, redis);
        var history = AdminWorld.History(seed: 11);
        await world.PublishAndApplyAsync(history.Delivery(new Random(11), duplicateRate: 0.1));
        var before = await world.SnapshotAsync();

        var run = await world.RunAsync("audit", "--report", world.ReportPath, "--prefix", "audit-clean");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("differences: 0", run.Out, StringComparison.Ordinal);
        Assert.Matches(@"audit replay: 100\.0% \(\d+/\d+ messages\), \d+ events/s, ETA \d+ s", run.Err);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(world.ReportPath));
        Assert.Equal(0, report.RootElement.GetProperty("differences").GetArrayLength());
        Assert.Equal(history.Truth.Count, report.RootElement.GetProperty("rooms_compared").GetInt64());
        Assert.Equal(history.Truth.Values.Sum(r => r.OnlineUsers.Count), report.RootElement.GetProperty("users_compared").GetInt64());
        Assert.Equal(before, await world.SnapshotAsync());
    }

    [Fact]
    public async Task An_audit_reports_exactly_the_damage_done_by_hand()
    {
        using var world = await AdminWorld.CreateAsync(kafka, redis);
        var history = AdminWorld.History(seed: 12);
        await world.PublishAndApplyAsync(history.Events);
        var (app, rooms) = history.Truth.Keys.GroupBy(k => k.AppId).Select(g => (g.Key, g.Select(k => k.RoomId).Order(StringComparer.Ordinal).ToList())).First();
        var (deleted, joined, resessioned) = (rooms[0], rooms[1], rooms[2]);

        // A room deleted, a user added, a session changed: what a lost or stray write leaves.
        var deletedBucket = world.Keys.Bucket(app, deleted);
        var member = (string)(await world.Db.SortedSetRangeByValueAsync(world.Keys.Rooms(app, deletedBucket), $"{deleted}\t", $"{deleted}\n"))[0]!;
        await world.Db.SortedSetRemoveAsync(world.Keys.Rooms(app, deletedBucket), member);
        await world.Db.KeyDeleteAsync(world.Keys.Users(app, deleted));
        await world.Db.HashSetAsync(world.Keys.Users(app, joined), "stray-user", $"s-9\t{history.EndTimeMs}\t0\tguest\tStray");
        await world.Db.HashIncrementAsync(world.Keys.Users(app, joined), "");
        var bucket = world.Keys.Bucket(app, resessioned);
        var old = (string)(await world.Db.SortedSetRangeByValueAsync(world.Keys.Rooms(app, bucket), $"{resessioned}\t", $"{resessioned}\n"))[0]!;
        var parts = old.Split('\t');
        await world.Db.SortedSetRemoveAsync(world.Keys.Rooms(app, bucket), old);
        await world.Db.SortedSetAddAsync(world.Keys.Rooms(app, bucket), string.Join('\t', parts[0], "424242", parts[2], parts[3]), 0);

        var run = await world.RunAsync("audit", "--report", world.ReportPath, "--rechecks", "1");

        Assert.True(run.ExitCode == 1, run.ToString());
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(world.ReportPath));
        var found = report.RootElement.GetProperty("differences").EnumerateArray()
            .Select(d => (Kind: d.GetProperty("kind").GetString(), Room: d.GetProperty("room_id").GetString(), User: d.GetProperty("user_account").GetString()))
            .OrderBy(d => d.Kind, StringComparer.Ordinal)
            .ToList();
        Assert.Equal(
            [("room_missing", deleted, null), ("room_session", resessioned, null), ("user_extra", joined, "stray-user")],
            found);
        Assert.Contains("differences: 3 (room_missing 1, room_session 1, user_extra 1) after 1 re-check(s)", run.Out, StringComparison.Ordinal);
        Assert.Contains($"room_missing  app {app} room \"{deleted}\": live not open; replay open, session", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_still_arriving_during_an_audit_do_not_show_as_differences()
    {
        using var world = await AdminWorld.CreateAsync(kafka, redis);
        var history = AdminWorld.History(seed: 13);
        var (early, late) = (history.Events.Take(history.Events.Count / 2).ToList(), history.Events.Skip(history.Events.Count / 2).ToList());
        var (lagging, arriving) = (late.Take(late.Count / 2).ToList(), late.Skip(late.Count / 2).ToList());
        await world.PublishAndApplyAsync(early);
        // In the topic, not applied yet: the Workers are behind when the audit compares.
        await world.PublishAsync(lagging);

        var run = await AdminRun.RunAsync(world.Environment, ["audit", "--report", world.ReportPath], async line =>
        {
            if (line.Contains("re-checking them after catching up", StringComparison.Ordinal) && line.Contains("(1/", StringComparison.Ordinal))
            {
                // The Workers catch up, and more events arrive after the audit's first replay ended.
                await world.LiveStore.ApplyBatchAsync(lagging);
                await world.PublishAndApplyAsync(arriving);
            }
        });

        Assert.True(run.ExitCode == 0, run.ToString());
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(world.ReportPath));
        Assert.Equal(0, report.RootElement.GetProperty("differences").GetArrayLength());
        Assert.True(report.RootElement.GetProperty("rechecks").GetInt32() >= 1, run.ToString());
        Assert.Equal(history.Events.Count, report.RootElement.GetProperty("events").GetProperty("read").GetInt64());
        Assert.Empty(TruthDiff.Compare(history.Truth, await world.ReadLiveAsync(history.AppIds)));
    }

    [Fact]
    public async Task An_audit_since_a_time_compares_only_the_rooms_opened_since()
    {
        using var world = await AdminWorld.CreateAsync(kafka, redis);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        RoomEvent Create(string room, long time) => new()
        {
            Kind = RoomEventKind.RoomCreated, AppId = 1, RoomId = room, RoomSession = 7, TimeMs = time, Creator = "host", ReceivedMs = time,
        };

        await world.PublishAndApplyAsync([Create("old room", now - 600_000)]);
        await Task.Delay(1500);
        var since = DateTimeOffset.UtcNow;
        await world.PublishAndApplyAsync([Create("new room", since.ToUnixTimeMilliseconds() + 100)]);

        var run = await world.RunAsync("audit", "--report", world.ReportPath, "--since", since.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));

        Assert.True(run.ExitCode == 0, run.ToString());
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(world.ReportPath));
        Assert.Equal(1, report.RootElement.GetProperty("rooms_compared").GetInt64());
        Assert.Equal(1, report.RootElement.GetProperty("rooms_before_since").GetInt64());
        Assert.Equal(1, report.RootElement.GetProperty("events").GetProperty("before_since").GetInt64());
    }
}
