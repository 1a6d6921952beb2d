using System.Globalization;
using KafkaRooms.Rooms.Contract;
using StackExchange.Redis;

namespace KafkaRooms.Rooms.Redis;

/// <summary>
/// One call of the batched rule script: events of one (app, bucket), in input order, with the
/// KEYS and ARGV layout of docs/redis-schema.md ("The batched rule script").
/// </summary>
internal sealed class ApplyCall
{
    private const int BucketKeyCount = 4;
    private const int HeaderFields = 7;

    private readonly uint _appId;
    private readonly int _bucket;

    private ApplyCall(uint appId, int bucket)
    {
        _appId = appId;
        _bucket = bucket;
    }

    /// <summary>Positions of this call's events in the batch, in the order the script applies them.</summary>
    public List<int> Indexes { get; } = [];

    /// <summary>
    /// Groups the batch by (app, bucket), keeping input order inside each group, and splits a
    /// group into calls of at most <paramref name="maxEventsPerCall"/> events.
    /// </summary>
    public static List<ApplyCall> Plan(IReadOnlyList<RoomEvent> events, RoomKeySchema keys, int maxEventsPerCall)
    {
        var open = new Dictionary<(uint App, int Bucket), ApplyCall>();
        var calls = new List<ApplyCall>();
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var group = (e.AppId, keys.Bucket(e.AppId, e.RoomId));
            if (!open.TryGetValue(group, out var call) || call.Indexes.Count == maxEventsPerCall)
            {
                call = new ApplyCall(group.AppId, group.Item2);
                open[group] = call;
                calls.Add(call);
            }

            call.Indexes.Add(i);
        }

        return calls;
    }

    /// <summary>The KEYS and ARGV of this call, with the caller's clock and bounds in the header.</summary>
    /// <remarks>
    /// Both arrays are sized exactly before they are filled (one pass finds the rooms and
    /// lifecycles, one writes the events), and numbers go as numbers (a session is a ulong
    /// <see cref="RedisValue"/>, written as its decimal text), so building a call allocates the
    /// two arrays, the key names and two small lookups, nothing per field.
    /// </remarks>
    public (RedisKey[] Keys, RedisValue[] Args) Build(IReadOnlyList<RoomEvent> events, RoomKeySchema keys, ApplyCallHeader header)
    {
        var count = Indexes.Count;
        var roomSlots = new Dictionary<string, int>(count, StringComparer.Ordinal);
        var pendingKeys = new Dictionary<(string Room, ulong Session), int>(count);
        var slotOf = new int[count];
        var pendingOf = new int[count];
        var argCount = HeaderFields;
        for (var j = 0; j < count; j++)
        {
            var e = events[Indexes[j]];
            if (!roomSlots.TryGetValue(e.RoomId, out var slot))
            {
                slot = roomSlots.Count + 1;
                roomSlots.Add(e.RoomId, slot);
            }

            slotOf[j] = slot;
            // KEYS: the bucket's 4, each room's tombstone and users, then each lifecycle's p: key.
            if (!pendingKeys.TryGetValue((e.RoomId, e.RoomSession), out var pending))
            {
                pending = pendingKeys.Count + 1;
                pendingKeys.Add((e.RoomId, e.RoomSession), pending);
            }

            pendingOf[j] = pending;
            argCount += Stride(e.Kind);
        }

        var rooms = roomSlots.Count;
        var bucketKeys = keys.Of(_appId, _bucket);
        var keyList = new RedisKey[BucketKeyCount + (2 * rooms) + pendingKeys.Count];
        keyList[0] = bucketKeys.Rooms;
        keyList[1] = bucketKeys.Activity;
        keyList[2] = bucketKeys.PendingLifecycles;
        keyList[3] = bucketKeys.Changes;
        var args = new RedisValue[argCount + rooms];
        args[0] = header.NowMs;
        args[1] = header.MaxEventAgeMs;
        args[2] = header.MaxClockSkewMs;
        args[3] = header.RetentionMs;
        args[4] = header.ChangeFeedMaxLength;
        args[5] = rooms;
        args[6] = count;
        foreach (var (room, slot) in roomSlots)
        {
            args[HeaderFields + slot - 1] = room;
            keyList[BucketKeyCount + (2 * slot) - 2] = bucketKeys.Tombstone(room);
            keyList[BucketKeyCount + (2 * slot) - 1] = bucketKeys.Users(room);
        }

        foreach (var ((room, session), pending) in pendingKeys)
        {
            keyList[BucketKeyCount + (2 * rooms) + pending - 1] = bucketKeys.Pending(room, session.ToString(CultureInfo.InvariantCulture));
        }

        var a = HeaderFields + rooms;
        for (var j = 0; j < count; j++)
        {
            var e = events[Indexes[j]];
            // Every event: its head (kind, room slot and p: key index in one number), session,
            // time, received_ms; then only what its kind carries (the script's STRIDE).
            args[a++] = Head(e.Kind, slotOf[j], BucketKeyCount + (2 * rooms) + pendingOf[j]);
            args[a++] = e.RoomSession;
            args[a++] = e.TimeMs;
            args[a++] = Math.Max(0, e.ReceivedMs);
            switch (e.Kind)
            {
                case RoomEventKind.RoomCreated:
                    args[a++] = e.Creator ?? "";
                    break;
                case RoomEventKind.UserLoggedIn:
                    args[a++] = e.UserAccount ?? "";
                    args[a++] = e.UserSession ?? "";
                    args[a++] = e.Nickname ?? "";
                    args[a++] = e.Role ?? "";
                    break;
                case RoomEventKind.UserLoggedOut:
                    args[a++] = e.UserAccount ?? "";
                    args[a++] = e.UserSession ?? "";
                    break;
            }
        }

        return (keyList, args);
    }

    /// <summary>The script's answer: one letter per event of this call, in order.</summary>
    public static ApplyOutcome? Outcome(char code) => code switch
    {
        'a' => ApplyOutcome.Applied,
        'd' => ApplyOutcome.Duplicate,
        's' => ApplyOutcome.Stale,
        'e' => ApplyOutcome.Expired,
        'f' => null,
        _ => throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"Rule script answered '{code}'.")),
    };

    /// <summary>
    /// An event's head: ((KEYS index of its p: key x 8192) + room slot) x 4 + kind code (0
    /// created, 1 closed, 2 logged in, 3 logged out). One ARGV field where three would cost Redis
    /// three strings to make and the script two number conversions; slots stay below 8192 and
    /// KEYS indexes below 16384 (<see cref="RoomStateOptions.MaxEventsPerCall"/> is at most 4096),
    /// so the head stays an exact integer below 2^29.
    /// </summary>
    internal static int Head(RoomEventKind kind, int slot, int pendingKeyIndex) => (((pendingKeyIndex * 8192) + slot) * 4) + kind switch
    {
        RoomEventKind.RoomCreated => 0,
        RoomEventKind.RoomClosed => 1,
        RoomEventKind.UserLoggedIn => 2,
        RoomEventKind.UserLoggedOut => 3,
        _ => throw new RoomEventRejectedException($"Unknown event kind {kind}."),
    };

    /// <summary>ARGV fields of one event of this kind (the script's STRIDE).</summary>
    private static int Stride(RoomEventKind kind) => kind switch
    {
        RoomEventKind.RoomCreated => 5,
        RoomEventKind.RoomClosed => 4,
        RoomEventKind.UserLoggedIn => 8,
        RoomEventKind.UserLoggedOut => 6,
        _ => throw new RoomEventRejectedException($"Unknown event kind {kind}."),
    };
}

/// <summary>The caller's clock and the time bounds, in ms, plus the feed length (0 = off).</summary>
internal readonly record struct ApplyCallHeader(long NowMs, long MaxEventAgeMs, long MaxClockSkewMs, long RetentionMs, int ChangeFeedMaxLength);
