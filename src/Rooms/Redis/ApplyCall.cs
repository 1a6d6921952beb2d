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
    public (RedisKey[] Keys, RedisValue[] Args) Build(IReadOnlyList<RoomEvent> events, RoomKeySchema keys, ApplyCallHeader header)
    {
        var roomSlots = new Dictionary<string, int>(StringComparer.Ordinal);
        var roomIds = new List<RedisValue>();
        var pendingIndexes = new Dictionary<(string Room, ulong Session), int>();
        var bucketKeys = keys.Of(_appId, _bucket);
        var keyList = new List<RedisKey>(BucketKeyCount + (3 * Indexes.Count))
        {
            bucketKeys.Rooms, bucketKeys.Activity, bucketKeys.PendingLifecycles, bucketKeys.Changes,
        };
        foreach (var i in Indexes)
        {
            var room = events[i].RoomId;
            if (roomSlots.TryAdd(room, roomSlots.Count + 1))
            {
                roomIds.Add(room);
                keyList.Add(bucketKeys.Tombstone(room));
                keyList.Add(bucketKeys.Users(room));
            }
        }

        var args = new List<RedisValue>(HeaderFields + roomSlots.Count + (10 * Indexes.Count));
        args.AddRange([header.NowMs, header.MaxEventAgeMs, header.MaxClockSkewMs, header.RetentionMs, header.ChangeFeedMaxLength, roomSlots.Count, Indexes.Count]);
        args.AddRange(roomIds);
        foreach (var i in Indexes)
        {
            var e = events[i];
            if (!pendingIndexes.TryGetValue((e.RoomId, e.RoomSession), out var pendingKey))
            {
                keyList.Add(bucketKeys.Pending(e.RoomId, e.RoomSessionText));
                pendingKey = keyList.Count;
                pendingIndexes[(e.RoomId, e.RoomSession)] = pendingKey;
            }

            // Every event: kind, room slot, p: key index, session, time, received_ms; then only
            // what its kind carries (the script's STRIDE).
            args.AddRange([KindCode(e.Kind), roomSlots[e.RoomId], pendingKey, e.RoomSessionText, e.TimeMs, Math.Max(0, e.ReceivedMs)]);
            switch (e.Kind)
            {
                case RoomEventKind.RoomCreated:
                    args.Add(e.Creator ?? "");
                    break;
                case RoomEventKind.UserLoggedIn:
                    args.AddRange([e.UserAccount ?? "", e.UserSession ?? "", e.Nickname ?? "", e.Role ?? ""]);
                    break;
                case RoomEventKind.UserLoggedOut:
                    args.AddRange([e.UserAccount ?? "", e.UserSession ?? ""]);
                    break;
            }
        }

        return (keyList.ToArray(), args.ToArray());
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

    private static string KindCode(RoomEventKind kind) => kind switch
    {
        RoomEventKind.RoomCreated => "c",
        RoomEventKind.RoomClosed => "x",
        RoomEventKind.UserLoggedIn => "i",
        RoomEventKind.UserLoggedOut => "o",
        _ => throw new RoomEventRejectedException($"Unknown event kind {kind}."),
    };
}

/// <summary>The caller's clock and the time bounds, in ms, plus the feed length (0 = off).</summary>
internal readonly record struct ApplyCallHeader(long NowMs, long MaxEventAgeMs, long MaxClockSkewMs, long RetentionMs, int ChangeFeedMaxLength);
