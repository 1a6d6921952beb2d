using System.Globalization;
using KafkaRooms.RoomHistories;
using KafkaRooms.Rooms.Contract;

namespace KafkaRooms.Rooms.IntegrationTests;

/// <summary>
/// Checks of the freshness data and the change feed against the state, for property tests
/// (docs/redis-schema.md, "Freshness", "Pending lifecycles", "Change feed").
/// </summary>
public static class FreshnessAndFeedChecks
{
    /// <summary>
    /// last_event_ms of each open room: the newest time among the create and the delivered user
    /// events of its open lifecycle. Exact for any delivery order: an event of that lifecycle dated
    /// at or after its create is never stale at room level, and a user-level stale event is older
    /// than the line that refuted it, which was applied.
    /// </summary>
    public static Dictionary<RoomKey, long> ExpectedLastEvents(IEnumerable<RoomEvent> delivered, IReadOnlyDictionary<RoomKey, RoomTruth> open)
    {
        var expected = open.ToDictionary(o => o.Key, o => o.Value.CreateTimeMs);
        foreach (var e in delivered.Where(e => !e.Kind.IsRoomEvent()))
        {
            var key = new RoomKey(e.AppId, e.RoomId);
            if (open.TryGetValue(key, out var room) && room.RoomSession == e.RoomSession && e.TimeMs > expected[key])
            {
                expected[key] = e.TimeMs;
            }
        }

        return expected;
    }

    public static async Task<Dictionary<RoomKey, long>> ReadLastEventsAsync(StateHarness h, IEnumerable<uint> apps)
    {
        var read = new Dictionary<RoomKey, long>();
        foreach (var app in apps.Distinct())
        {
            await foreach (var room in h.Reader.ListAllRoomsAsync(app, pageSize: 50))
            {
                read[new RoomKey(app, room.RoomId)] = room.LastEventMs;
            }
        }

        return read;
    }

    /// <summary>
    /// Replays every bucket's change feed into the open rooms and online users it describes,
    /// failing on an entry that does not fit what came before it (a close of another session, a
    /// join of a user already there, a count that is not the number of users).
    /// </summary>
    public static async Task<Dictionary<RoomKey, (ulong Session, long CreateTimeMs, string Creator, SortedSet<string> Users)>> ReplayFeedAsync(
        StateHarness h, IEnumerable<uint> apps)
    {
        var rooms = new Dictionary<RoomKey, (ulong Session, long CreateTimeMs, string Creator, SortedSet<string> Users)>();
        foreach (var app in apps.Distinct())
        {
            for (var bucket = 0; bucket < h.Keys.BucketCount; bucket++)
            {
                foreach (var entry in await h.Db.StreamRangeAsync(h.Keys.Changes(app, bucket)))
                {
                    var f = entry.Values.ToDictionary(v => (string)v.Name!, v => (string)v.Value!);
                    var key = new RoomKey(app, f["room_id"]);
                    var session = ulong.Parse(f["room_session_id"], CultureInfo.InvariantCulture);
                    Assert.Equal(bucket, h.Keys.Bucket(app, key.RoomId));
                    switch (f["kind"])
                    {
                        case "room_opened":
                            Assert.False(rooms.ContainsKey(key), $"{key} opened twice without a close: {entry.Id}");
                            rooms[key] = (session, long.Parse(f["time"], CultureInfo.InvariantCulture), f["creator"], new SortedSet<string>(StringComparer.Ordinal));
                            break;
                        case "room_closed":
                            Assert.True(rooms.TryGetValue(key, out var closing) && closing.Session == session, $"{key} closed while not open with {session}: {entry.Id}");
                            rooms.Remove(key);
                            break;
                        case "user_joined":
                            Assert.True(rooms.TryGetValue(key, out var joining) && joining.Session == session, $"join in {key} not open with {session}");
                            Assert.True(joining.Users.Add(f["user_account"]), $"{f["user_account"]} joined {key} twice");
                            Assert.Equal(joining.Users.Count.ToString(CultureInfo.InvariantCulture), f["online_count"]);
                            break;
                        case "user_left":
                            Assert.True(rooms.TryGetValue(key, out var leaving) && leaving.Session == session, $"leave in {key} not open with {session}");
                            Assert.True(leaving.Users.Remove(f["user_account"]), $"{f["user_account"]} left {key} without being there");
                            Assert.Equal(leaving.Users.Count.ToString(CultureInfo.InvariantCulture), f["online_count"]);
                            break;
                        default:
                            Assert.Fail($"unknown change kind {f["kind"]}");
                            break;
                    }
                }
            }
        }

        return rooms;
    }

    /// <summary>The replayed feed describes exactly the open rooms and online users of the state.</summary>
    public static async Task AssertFeedReplaysToAsync(StateHarness h, IReadOnlyDictionary<RoomKey, RoomTruth> state, IEnumerable<uint> apps, string context)
    {
        var replayed = await ReplayFeedAsync(h, apps);
        Assert.True(
            replayed.Keys.ToHashSet().SetEquals(state.Keys),
            $"{context}: feed rooms [{string.Join(", ", replayed.Keys)}] != state rooms [{string.Join(", ", state.Keys)}]");
        foreach (var (key, room) in state)
        {
            var fed = replayed[key];
            Assert.True((fed.Session, fed.CreateTimeMs, fed.Creator) == (room.RoomSession, room.CreateTimeMs, room.Creator), $"{context}: {key} feed {fed} != state {room}");
            Assert.True(fed.Users.SetEquals(room.OnlineUsers.Keys), $"{context}: {key} feed users [{string.Join(", ", fed.Users)}] != [{string.Join(", ", room.OnlineUsers.Keys)}]");
        }
    }

    /// <summary>
    /// The pending index lists exactly the lifecycles with pending data, each with the oldest time its
    /// data records, no older than its oldest delivered user event and no newer than its oldest
    /// register line; the reader lists the same.
    /// </summary>
    public static async Task AssertPendingIndexMatchesPendingDataAsync(StateHarness h, IEnumerable<RoomEvent> delivered, string context)
    {
        var oldestDelivered = delivered
            .Where(e => !e.Kind.IsRoomEvent())
            .GroupBy(e => (e.AppId, e.RoomId, e.RoomSession))
            .ToDictionary(g => g.Key, g => g.Min(e => e.TimeMs));
        var indexed = new HashSet<(uint, string, ulong)>();
        foreach (var ((app, room, session), oldest) in oldestDelivered)
        {
            var bucket = h.Keys.Bucket(app, room);
            var data = await h.Db.HashGetAllAsync(h.Keys.Pending(app, room, session.ToString(CultureInfo.InvariantCulture)));
            var score = await h.Db.SortedSetScoreAsync(h.Keys.PendingLifecycles(app, bucket), $"{room}\t{session}");
            Assert.True(data.Length > 0 == score.HasValue, $"{context}: ({app}, {room}, {session}) pending data {data.Length > 0}, indexed {score.HasValue}");
            if (score is { } indexedAt)
            {
                // Field TAB keeps the oldest pending time beside the data; the index follows it.
                var fields = data.ToDictionary(d => (string)d.Name!, d => (string)d.Value!);
                Assert.Equal(((long)indexedAt).ToString(CultureInfo.InvariantCulture), fields["\t"]);
                var oldestLine = fields.Where(f => f.Key.Length > 0 && f.Key != "\t")
                    .SelectMany(f => f.Value.Split('\n'))
                    .Min(line => long.Parse(line.Split('\t')[1], CultureInfo.InvariantCulture));
                Assert.InRange((long)indexedAt, oldest, oldestLine);
                indexed.Add((app, room, session));
            }
        }

        var listed = new HashSet<(uint, string, ulong)>();
        foreach (var app in oldestDelivered.Keys.Select(k => k.AppId).Distinct())
        {
            for (var bucket = 0; bucket < h.Keys.BucketCount; bucket++)
            {
                foreach (var pending in await h.Reader.ListPendingLifecyclesAsync(app, bucket))
                {
                    listed.Add((app, pending.RoomId, pending.RoomSession));
                }
            }
        }

        Assert.True(indexed.SetEquals(listed), $"{context}: reader lists {listed.Count} pending lifecycles, the index {indexed.Count}");
    }

    /// <summary>
    /// The state is exactly <paramref name="expected"/>, and last_event_ms, the change feed and the
    /// pending index follow from it and from the <paramref name="delivered"/> events.
    /// </summary>
    public static async Task AssertStateAndFreshnessAsync(
        StateHarness h, IReadOnlyDictionary<RoomKey, RoomTruth> expected, IReadOnlyList<RoomEvent> delivered, IReadOnlyList<uint> apps, string context)
    {
        var state = await h.ReadStateAsync(apps);
        var differences = TruthDiff.Compare(expected, state);
        Assert.True(differences.Count == 0, $"{context}:\n" + string.Join("\n", differences));
        Assert.Equal(ExpectedLastEvents(delivered, expected), await ReadLastEventsAsync(h, apps));
        await AssertFeedReplaysToAsync(h, state, apps, context);
        await AssertPendingIndexMatchesPendingDataAsync(h, delivered, context);
    }

    /// <summary>Applying <paramref name="replay"/> (events applied before) applies nothing and appends nothing to the feed.</summary>
    public static async Task AssertReplayChangesNothingAsync(StateHarness h, IReadOnlyList<RoomEvent> replay, IReadOnlyList<uint> apps)
    {
        var fed = await FeedLengthAsync(h, apps);
        Assert.DoesNotContain(Redis.ApplyOutcome.Applied, await h.Store.ApplyBatchAsync(replay));
        Assert.Equal(fed, await FeedLengthAsync(h, apps));
    }

    /// <summary>Length of every bucket's change feed, to show that a replay appends nothing.</summary>
    public static async Task<long> FeedLengthAsync(StateHarness h, IEnumerable<uint> apps)
    {
        long length = 0;
        foreach (var app in apps.Distinct())
        {
            for (var bucket = 0; bucket < h.Keys.BucketCount; bucket++)
            {
                length += await h.Db.StreamLengthAsync(h.Keys.Changes(app, bucket));
            }
        }

        return length;
    }
}
