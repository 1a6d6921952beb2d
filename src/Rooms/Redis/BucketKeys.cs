using StackExchange.Redis;

namespace KafkaRooms.Rooms.Redis;

/// <summary>
/// The key names of one bucket and its rooms (docs/redis-schema.md), with the bucket's hash tag
/// "&lt;prefix&gt;:{&lt;appid&gt;:&lt;bucket&gt;}" formatted once: a script call names three keys per event.
/// </summary>
internal readonly struct BucketKeys(string tag)
{
    public RedisKey Rooms => tag + ":rooms";

    public RedisKey Activity => tag + ":activity";

    public RedisKey PendingLifecycles => tag + ":pending";

    public RedisKey Changes => tag + ":changes";

    public RedisKey Tombstone(string roomId) => string.Concat(tag, ":t:", roomId);

    public RedisKey Users(string roomId) => string.Concat(tag, ":u:", roomId);

    public RedisKey Pending(string roomId, string session) => string.Concat(tag, ":p:", session, ":", roomId);
}
