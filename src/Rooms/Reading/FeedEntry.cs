using System.Globalization;
using StackExchange.Redis;

namespace KafkaRooms.Rooms.Reading;

/// <summary>
/// One entry of a bucket's change feed, parsed (docs/redis-schema.md, "Change feed"). An entry
/// of a kind this reader does not know (<see cref="Change"/> null) still moves the position past
/// it. The change's cursor is left empty: it depends on the other buckets' positions when delivered.
/// </summary>
internal sealed record FeedEntry(int Bucket, StreamEntryId Id, RoomChange? Change)
{
    public RoomChange ToChange(string cursor) => Change! with { Cursor = cursor };

    /// <summary>An entry as XRANGE returns it: [id, [field, value, ...]].</summary>
    public static FeedEntry Parse(int bucket, RedisResult entry)
    {
        var parts = (RedisResult[])entry!;
        var id = StreamEntryId.Parse((string)parts[0]!);
        var fields = (RedisResult[])parts[1]!;
        string? kind = null, room = null, session = null, time = null, user = null, count = null, creator = null, reason = null, nickname = null;
        for (var i = 0; i + 1 < fields.Length; i += 2)
        {
            var value = (string?)fields[i + 1];
            switch ((string?)fields[i])
            {
                case "kind": kind = value; break;
                case "room_id": room = value; break;
                case "room_session_id": session = value; break;
                case "time": time = value; break;
                case "user_account": user = value; break;
                case "online_count": count = value; break;
                case "creator": creator = value; break;
                case "reason": reason = value; break;
                case "nickname": nickname = value; break;
            }
        }

        if (!RoomChangeKinds.TryParse(kind, out var known))
        {
            return new FeedEntry(bucket, id, null);
        }

        return new FeedEntry(bucket, id, new RoomChange(
            known,
            room ?? "",
            ulong.TryParse(session, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0,
            long.TryParse(time, NumberStyles.None, CultureInfo.InvariantCulture, out var t) ? t : 0,
            user,
            long.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : null,
            creator,
            reason,
            nickname,
            Cursor: ""));
    }
}
