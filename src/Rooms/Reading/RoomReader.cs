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
    // Buckets queried together while filling one page of a sparse room list.
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
    /// The cursor is "&lt;bucket&gt;:&lt;last room id&gt;" (or "&lt;bucket&gt;:" at a bucket's start). A room that
    /// stays open during the whole walk is returned exactly once; rooms opened or closed meanwhile
    /// may or may not appear.
    /// </remarks>
    public async Task<RoomListPage> ListRoomsAsync(uint appId, int limit, string? cursor, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var (bucket, after) = ParseCursor(cursor);
        var db = _redis.GetDatabase();
        var members = new List<string>(limit);
        while (bucket < _keys.BucketCount && members.Count < limit)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var want = limit - members.Count;
            var round = Math.Min(BucketsPerRound, _keys.BucketCount - bucket);
            var queries = new Task<RedisValue[]>[round];
            for (var i = 0; i < round; i++)
            {
                // After the last room's member, whose lex range ends before "<room>\n".
                var min = i == 0 && after is not null ? (RedisValue)(after + "\n") : default;
                queries[i] = db.SortedSetRangeByValueAsync(_keys.Rooms(appId, bucket + i), min, default, Exclude.None, Order.Ascending, 0, want);
            }

            await Task.WhenAll(queries).ConfigureAwait(false);
            for (var i = 0; i < round && members.Count < limit; i++)
            {
                var found = queries[i].Result;
                var taken = Math.Min(found.Length, limit - members.Count);
                members.AddRange(found.Take(taken).Select(m => (string)m!));
                if (members.Count == limit)
                {
                    // The page is full inside bucket + i: resume after its last room.
                    var last = RoomIdOf(members[^1]);
                    var rooms = await SummariesAsync(db, appId, members).ConfigureAwait(false);
                    return new RoomListPage(rooms, FormatCursor(bucket + i, last));
                }

                after = null;
            }

            bucket += round;
            after = null;
        }

        return new RoomListPage(await SummariesAsync(db, appId, members).ConfigureAwait(false), null);
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
    private static async Task<List<PendingLifecycleView>> ReadPendingAsync(IDatabase db, BucketKeys bucketKeys, IReadOnlyList<RedisValue> members)
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
    private static RedisValue[] PendingMembers(RedisResult entries)
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

    // One script per bucket re-reads the rooms' members with their online counts atomically, so a
    // count never comes from a newer lifecycle than the member; rooms closed meanwhile drop out.
    // Rooms with pending index entries (rare) get them checked in a second script per bucket.
    private async Task<List<RoomSummaryView>> SummariesAsync(IDatabase db, uint appId, List<string> members)
    {
        var reads = members
            .Select(RoomIdOf)
            .GroupBy(room => _keys.Bucket(appId, room))
            .Select(async bucket =>
            {
                var rooms = bucket.ToArray();
                var bucketKeys = _keys.Of(appId, bucket.Key);
                RedisKey[] keys = [bucketKeys.Rooms, bucketKeys.Activity, bucketKeys.PendingLifecycles, .. rooms.Select(bucketKeys.Users)];
                var found = (RedisResult[])(await db.ScriptEvaluateAsync(
                    RoomScripts.ReadRoomsOfBucket, keys, [.. rooms.Select(room => (RedisValue)room)]).ConfigureAwait(false))!;
                var pendingMembers = new List<RedisValue>();
                for (var i = 3; i < found.Length; i += 4)
                {
                    pendingMembers.AddRange(PendingMembers(found[i]));
                }

                List<PendingLifecycleView> pending = pendingMembers.Count == 0 ? [] : await ReadPendingAsync(db, bucketKeys, pendingMembers).ConfigureAwait(false);
                var summaries = new List<RoomSummaryView>(found.Length / 4);
                for (var i = 0; i + 3 < found.Length; i += 4)
                {
                    summaries.Add(new RoomRead((string)found[i]!, [], found[i + 2], pending).Summary((long)found[i + 1]));
                }

                return summaries;
            })
            .ToArray();
        await Task.WhenAll(reads).ConfigureAwait(false);

        var byRoom = reads.SelectMany(read => read.Result).ToDictionary(summary => summary.RoomId, StringComparer.Ordinal);

        // The page keeps the (bucket, room id) order of the members it was built from.
        return members.Select(RoomIdOf).Where(byRoom.ContainsKey).Select(room => byRoom[room]).ToList();
    }

    private static string RoomIdOf(string member) => member[..member.IndexOf('\t', StringComparison.Ordinal)];

    // One room as a read script returned it: the register member, the users hash (empty when not
    // read), the activity score and the room's pending lifecycles whose data still exists.
    private sealed record RoomRead(string Member, RedisResult[] Users, RedisResult LastEvent, List<PendingLifecycleView> Pending)
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

    private static string FormatCursor(int bucket, string lastRoomId) =>
        string.Create(CultureInfo.InvariantCulture, $"{bucket}:{lastRoomId}");

    private (int Bucket, string? After) ParseCursor(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return (0, null);
        }

        var colon = cursor.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0
            || !int.TryParse(cursor.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var bucket)
            || bucket >= _keys.BucketCount)
        {
            throw new ArgumentException($"'{cursor}' is not a room list cursor.", nameof(cursor));
        }

        var after = cursor[(colon + 1)..];
        return (bucket, after.Length == 0 ? null : after);
    }
}
