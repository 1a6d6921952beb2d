using System.Globalization;
using KafkaRooms.Rooms.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace KafkaRooms.Rooms.Reading;

/// <summary>
/// The read side for game servers: open rooms and their online users, straight from the key
/// schema in docs/redis-schema.md. Never uses KEYS or SCAN: rooms are listed bucket by bucket
/// from the per-bucket sorted sets, in (bucket, room id bytes) order.
/// </summary>
public sealed class RoomReader
{
    // At most this many buckets are queried together while filling one page of a sparse room list.
    private const int BucketsPerRound = 16;

    // Pending lifecycles re-read by one script call.
    private const int PendingPerRead = 256;

    private readonly IConnectionMultiplexer _redis;
    private readonly RoomKeySchema _keys;

    public RoomReader(IConnectionMultiplexer redis, IOptions<RoomStateOptions> options)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(options);
        _redis = redis;
        _keys = new RoomKeySchema(options.Value.KeyPrefix, options.Value.BucketCount);
    }

    /// <summary>The open room with its online users; null when the room is not open.</summary>
    public async Task<RoomView?> GetRoomAsync(uint appId, string roomId, CancellationToken cancellationToken = default)
    {
        if (await ReadRoomAsync(appId, roomId, cancellationToken).ConfigureAwait(false) is not { } read)
        {
            return null;
        }

        var users = RoomUserRecords.OnlineUsers(read.Users);
        return new RoomView(read.Summary(users.Count), users);
    }

    /// <summary>
    /// The open room with every online user session, read atomically like <see cref="GetRoomAsync"/>;
    /// null when the room is not open. What a reconciliation compares with ZEGO (docs/rules.md §8).
    /// </summary>
    public async Task<RoomSessionsView?> GetRoomSessionsAsync(uint appId, string roomId, CancellationToken cancellationToken = default)
    {
        if (await ReadRoomAsync(appId, roomId, cancellationToken).ConfigureAwait(false) is not { } read)
        {
            return null;
        }

        var sessions = RoomUserRecords.OnlineSessions(read.Users);
        var online = sessions.Select(s => s.UserAccount).Distinct(StringComparer.Ordinal).Count();
        return new RoomSessionsView(read.Summary(online), sessions);
    }

    /// <summary>Every open room exactly once across pages; <paramref name="cursor"/> null starts.</summary>
    /// <remarks>
    /// A room that stays open during the whole walk is returned exactly once; rooms opened or closed
    /// meanwhile may or may not appear. The last page (no next cursor) carries the change feed's
    /// cursor of the whole walk (docs/change-feed.md, "The list and the feed"): each bucket's
    /// position was read in the same script as that bucket's rooms, so the feed after it holds
    /// exactly the changes the list does not show. A bucket split over two pages keeps the
    /// position of its first part: changes to its later part between the two reads come again.
    /// </remarks>
    public async Task<RoomListPage> ListRoomsAsync(uint appId, int limit, string? cursor, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var (bucket, positions, after) = RoomListCursor.Parse(cursor, appId, _keys.BucketCount);
        var db = _redis.GetDatabase();
        var rooms = new List<RoomSummaryView>(limit);
        // A dense list fills a page from one bucket or two; a sparse one needs many. Rounds start
        // with one bucket and double while they come back short, and only the buckets up to the one
        // whose candidates fill the page are read: reading 16 buckets' worth to keep one page's
        // made every page of a dense list cost about 16 (docs/benchmarks.md, "Worker under a trickle": the census).
        var roundSize = 1;
        while (bucket < _keys.BucketCount)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var want = limit - rooms.Count;
            var listed = Math.Min(roundSize, _keys.BucketCount - bucket);
            var candidates = await Task.WhenAll(Enumerable.Range(0, listed).Select(i =>
                db.SortedSetRangeByValueAsync(_keys.Rooms(appId, bucket + i), i == 0 && after is not null ? (RedisValue)(after + "\n") : default,
                    default, Exclude.None, Order.Ascending, 0, want))).ConfigureAwait(false);
            var round = BucketsToRead(candidates, want);
            var parts = await Task.WhenAll(Enumerable.Range(0, round).Select(i =>
                BucketRoomsRead.ReadAsync(db, _keys.Of(appId, bucket + i), i == 0 ? after : null, want, candidates[i].Select(m => RoomIdOf((string)m!)).ToArray())))
                .ConfigureAwait(false);
            for (var i = 0; i < round; i++)
            {
                if (positions.Count == bucket + i)
                {
                    // A bucket continued from the previous page keeps its first part's position.
                    positions.Add(parts[i].FeedPosition);
                }

                rooms.AddRange(parts[i].Rooms.Take(limit - rooms.Count));
                if (rooms.Count == limit)
                {
                    // The page is full inside bucket + i: resume after its last room.
                    return new RoomListPage(rooms, new RoomListCursor(bucket + i, positions, rooms[^1].RoomId).Format(appId));
                }
            }

            bucket += round;
            after = null;
            roundSize = Math.Min(BucketsPerRound, roundSize * 2);
        }

        return new RoomListPage(rooms, null, ChangeCursor.Format(appId, positions.ToArray()));
    }

    // The listed buckets up to the first whose candidates fill the page (all of them when none
    // does). Each is still read whole up to the page's size: a bucket a page passes must be read
    // to its end in one script, with its feed position.
    private static int BucketsToRead(RedisValue[][] candidates, int want)
    {
        var seen = 0;
        for (var i = 0; i < candidates.Length; i++)
        {
            seen += candidates[i].Length;
            if (seen >= want)
            {
                return i + 1;
            }
        }

        return candidates.Length;
    }

    /// <summary>The online users of an open room; null when the room is not open.</summary>
    public async Task<IReadOnlyList<RoomUserView>?> ListUsersAsync(uint appId, string roomId, CancellationToken cancellationToken = default) =>
        (await GetRoomAsync(appId, roomId, cancellationToken).ConfigureAwait(false))?.Users;

    /// <summary>Open rooms of the app (all buckets), walking every page.</summary>
    public async IAsyncEnumerable<RoomSummaryView> ListAllRoomsAsync(
        uint appId, int pageSize = 500, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? cursor = null;
        do
        {
            var page = await ListRoomsAsync(appId, pageSize, cursor, cancellationToken).ConfigureAwait(false);
            foreach (var room in page.Rooms)
            {
                yield return room;
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);
    }

    /// <summary>
    /// The lifecycles of one bucket that hold pending user data (docs/redis-schema.md, "Pending
    /// lifecycles"), oldest first; walk buckets 0 .. <see cref="RoomKeySchema.BucketCount"/> - 1 for all.
    /// </summary>
    /// <remarks>
    /// The bucket's index is read, then each entry is re-read with its pending data in one script
    /// per <see cref="PendingPerRead"/> entries: entries resolved meanwhile drop out, and the count
    /// belongs to the same instant as the oldest time.
    /// </remarks>
    public async Task<IReadOnlyList<PendingLifecycleView>> ListPendingLifecyclesAsync(uint appId, int bucket, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bucket);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(bucket, _keys.BucketCount);
        cancellationToken.ThrowIfCancellationRequested();
        var db = _redis.GetDatabase();
        var bucketKeys = _keys.Of(appId, bucket);
        var members = await db.SortedSetRangeByRankAsync(bucketKeys.PendingLifecycles).ConfigureAwait(false);
        return await ReadPendingAsync(db, bucketKeys, members).ConfigureAwait(false);
    }

    // The index entries whose pending data still exists, with their oldest times and online counts.
    internal static async Task<List<PendingLifecycleView>> ReadPendingAsync(IDatabaseAsync db, BucketKeys bucketKeys, IReadOnlyList<RedisValue> members)
    {
        var reads = members.Chunk(PendingPerRead).Select(chunk =>
        {
            RedisKey[] keys = [bucketKeys.PendingLifecycles, .. chunk.Select(member => PendingKey(bucketKeys, (string)member!))];
            return db.ScriptEvaluateAsync(RoomScripts.ReadPendingOfBucket, keys, chunk);
        }).ToArray();
        await Task.WhenAll(reads).ConfigureAwait(false);

        var pending = new List<PendingLifecycleView>(members.Count);
        foreach (var read in reads)
        {
            var found = (RedisResult[])read.Result!;
            for (var i = 0; i + 2 < found.Length; i += 3)
            {
                var (room, session) = SplitPendingMember((string)found[i]!);
                pending.Add(new PendingLifecycleView(room, ulong.Parse(session, CultureInfo.InvariantCulture), (long)(double)found[i + 1], (long)found[i + 2]));
            }
        }

        return pending;
    }

    // A room's entries in the pending index as read_room.lua and read_rooms.lua return them
    // (member, score, ...): the members, or none.
    internal static RedisValue[] PendingMembers(RedisResult entries)
    {
        var flat = (RedisResult[])entries!;
        var members = new RedisValue[flat.Length / 2];
        for (var i = 0; i < members.Length; i++)
        {
            members[i] = (RedisValue)flat[2 * i];
        }

        return members;
    }

    // When users of a lifecycle NEWER than the open one started to arrive: the open lifecycle was
    // probably closed, its close and the newer create lost (docs/rules.md §8). Entries of older
    // lifecycles (left behind by a create that superseded them) and entries whose data expired
    // do not count.
    private static long? PendingSince(string roomId, ulong openSession, IEnumerable<PendingLifecycleView> pending) =>
        pending.Where(p => p.RoomId == roomId && p.RoomSession > openSession).Select(p => (long?)p.OldestPendingMs).Min();

    private async Task<RoomRead?> ReadRoomAsync(uint appId, string roomId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(roomId);
        cancellationToken.ThrowIfCancellationRequested();
        var db = _redis.GetDatabase();
        var bucketKeys = _keys.Of(appId, _keys.Bucket(appId, roomId));
        var result = await RoomScripts.ReadRoom.EvaluateAsync(db, new
        {
            rooms = bucketKeys.Rooms,
            users = bucketKeys.Users(roomId),
            activity = bucketKeys.Activity,
            pending = bucketKeys.PendingLifecycles,
            room = roomId,
        }).ConfigureAwait(false);
        var parts = (RedisResult[])result!;
        if (parts[0].IsNull)
        {
            return null;
        }

        var member = (string)parts[0]!;
        var pendingMembers = PendingMembers(parts[3]);
        List<PendingLifecycleView> pending = pendingMembers.Length == 0 ? [] : await ReadPendingAsync(db, bucketKeys, pendingMembers).ConfigureAwait(false);
        return new RoomRead(member, (RedisResult[])parts[1]!, parts[2], pending);
    }

    private static RedisKey PendingKey(BucketKeys bucketKeys, string member)
    {
        var (room, session) = SplitPendingMember(member);
        return bucketKeys.Pending(room, session);
    }

    private static (string Room, string Session) SplitPendingMember(string member)
    {
        var tab = member.IndexOf('\t', StringComparison.Ordinal);
        return (member[..tab], member[(tab + 1)..]);
    }

    internal static string RoomIdOf(string member) => member[..member.IndexOf('\t', StringComparison.Ordinal)];

    // One room as a read script returned it: the register member, the users hash (empty when not
    // read), the activity score and the room's pending lifecycles whose data still exists.
    internal sealed record RoomRead(string Member, RedisResult[] Users, RedisResult LastEvent, List<PendingLifecycleView> Pending)
    {
        // A room opened before `activity` existed has no score until its next event: its create time stands in.
        public RoomSummaryView Summary(long onlineCount)
        {
            var parts = Member.Split('\t', 4);
            var session = ulong.Parse(parts[1], CultureInfo.InvariantCulture);
            var created = long.Parse(parts[2], CultureInfo.InvariantCulture);
            return new RoomSummaryView(
                parts[0],
                session,
                created,
                parts[3],
                onlineCount,
                LastEvent.IsNull ? created : (long)(double)LastEvent,
                PendingSince(parts[0], session, Pending));
        }
    }
}
