using System.Globalization;
using System.IO.Hashing;
using System.Text;
using StackExchange.Redis;

namespace KafkaRooms.Rooms.Redis;

/// <summary>
/// The public Redis key schema (docs/redis-schema.md). Every key of one room lives in the
/// cluster hash slot of its bucket: <c>&lt;prefix&gt;:{&lt;appid&gt;:&lt;bucket&gt;}:...</c>. The room id
/// always comes after the hash tag's closing brace, so braces in it cannot move the tag.
/// </summary>
public sealed class RoomKeySchema
{
    private readonly string _prefix;

    public RoomKeySchema(string keyPrefix, int bucketCount)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyPrefix);
        ArgumentOutOfRangeException.ThrowIfLessThan(bucketCount, 1);
        _prefix = keyPrefix;
        BucketCount = bucketCount;
    }

    public int BucketCount { get; }

    /// <summary>CRC-32 (IEEE, as zlib) of the UTF-8 bytes of "&lt;appid&gt;:&lt;room_id&gt;", modulo the bucket count.</summary>
    public int Bucket(uint appId, string roomId)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{appId}:{roomId}");
        var crc = Crc32.HashToUInt32(Encoding.UTF8.GetBytes(text));
        return (int)(crc % (uint)BucketCount);
    }

    /// <summary>The bucket's open-room list: a sorted set of "room\tsession\tcreate time\tcreator", all scores 0.</summary>
    public RedisKey Rooms(uint appId, int bucket) => $"{Tag(appId, bucket)}:rooms";

    /// <summary>The bucket's last_event_ms per open room: a sorted set, member = room id, score = newest applied event time of its open lifecycle.</summary>
    public RedisKey Activity(uint appId, int bucket) => $"{Tag(appId, bucket)}:activity";

    /// <summary>The bucket's pending lifecycles: a sorted set, member = "room\tsession", score = the oldest pending user event time.</summary>
    public RedisKey PendingLifecycles(uint appId, int bucket) => $"{Tag(appId, bucket)}:pending";

    /// <summary>The bucket's change feed: a stream of visible changes (docs/redis-schema.md, "Change feed").</summary>
    public RedisKey Changes(uint appId, int bucket) => $"{Tag(appId, bucket)}:changes";

    /// <summary>The closed register: "session\tclose time"; expires once no event it refutes can be applied (docs/redis-schema.md).</summary>
    public RedisKey Tombstone(uint appId, string roomId) => Tombstone(appId, Bucket(appId, roomId), roomId);

    /// <summary>The user registers of the room's open lifecycle (a hash, field = user_account).</summary>
    public RedisKey Users(uint appId, string roomId) => Users(appId, Bucket(appId, roomId), roomId);

    /// <summary>User registers of a lifecycle whose RoomCreated has not arrived yet; expire once that create can no longer be applied.</summary>
    public RedisKey Pending(uint appId, string roomId, string session) => Pending(appId, Bucket(appId, roomId), roomId, session);

    // The same keys when the caller already knows the room's bucket (it must be Bucket(appId, roomId)).
    internal RedisKey Tombstone(uint appId, int bucket, string roomId) => $"{Tag(appId, bucket)}:t:{roomId}";

    internal RedisKey Users(uint appId, int bucket, string roomId) => $"{Tag(appId, bucket)}:u:{roomId}";

    internal RedisKey Pending(uint appId, int bucket, string roomId, string session) => $"{Tag(appId, bucket)}:p:{session}:{roomId}";

    private string Tag(uint appId, int bucket) =>
        string.Create(CultureInfo.InvariantCulture, $"{_prefix}:{{{appId}:{bucket}}}");
}
