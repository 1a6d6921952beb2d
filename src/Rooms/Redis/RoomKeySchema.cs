using System.Buffers;
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
        // Every event of a batch is placed: the bytes are formatted on the stack, not as a string
        // and an array each time (a valid room id has at most 128 bytes).
        var length = 11 + Encoding.UTF8.GetMaxByteCount(roomId.Length);
        var rented = length > 512 ? ArrayPool<byte>.Shared.Rent(length) : null;
        Span<byte> bytes = rented ?? stackalloc byte[512];
        appId.TryFormat(bytes, out var written, provider: CultureInfo.InvariantCulture);
        bytes[written++] = (byte)':';
        written += Encoding.UTF8.GetBytes(roomId, bytes[written..]);
        var crc = Crc32.HashToUInt32(bytes[..written]);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return (int)(crc % (uint)BucketCount);
    }

    /// <summary>The bucket's open-room list: a sorted set of "room\tsession\tcreate time\tcreator", all scores 0.</summary>
    public RedisKey Rooms(uint appId, int bucket) => Of(appId, bucket).Rooms;

    /// <summary>The bucket's last_event_ms per open room: a sorted set, member = room id, score = newest applied event time of its open lifecycle.</summary>
    public RedisKey Activity(uint appId, int bucket) => Of(appId, bucket).Activity;

    /// <summary>The bucket's pending lifecycles: a sorted set, member = "room\tsession", score = the oldest pending user event time.</summary>
    public RedisKey PendingLifecycles(uint appId, int bucket) => Of(appId, bucket).PendingLifecycles;

    /// <summary>The bucket's change feed: a stream of visible changes (docs/redis-schema.md, "Change feed").</summary>
    public RedisKey Changes(uint appId, int bucket) => Of(appId, bucket).Changes;

    /// <summary>The closed register: "session\tclose time"; expires once no event it refutes can be applied (docs/redis-schema.md).</summary>
    public RedisKey Tombstone(uint appId, string roomId) => Of(appId, Bucket(appId, roomId)).Tombstone(roomId);

    /// <summary>The user registers of the room's open lifecycle (a hash, field = user_account).</summary>
    public RedisKey Users(uint appId, string roomId) => Of(appId, Bucket(appId, roomId)).Users(roomId);

    /// <summary>User registers of a lifecycle whose RoomCreated has not arrived yet; expire once that create can no longer be applied.</summary>
    public RedisKey Pending(uint appId, string roomId, string session) => Of(appId, Bucket(appId, roomId)).Pending(roomId, session);

    /// <summary>The keys of one bucket; its rooms' keys only for rooms of that bucket (<see cref="Bucket"/>).</summary>
    internal BucketKeys Of(uint appId, int bucket) => new(Tag(appId, bucket));

    private string Tag(uint appId, int bucket) =>
        string.Create(CultureInfo.InvariantCulture, $"{_prefix}:{{{appId}:{bucket}}}");
}
