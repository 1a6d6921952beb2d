using System.Net;
using StackExchange.Redis;

namespace KafkaRooms.Rooms.Redis.Checkpoints;

/// <summary>
/// One Redis primary as the checkpoints see it (docs/redis-schema.md, "Checkpoints"): the
/// checkpoint hash in a slot it owns, named with the smallest <paramref name="Number"/> whose
/// slot is there (0 on a standalone Redis), and the primary's address when it was looked up.
/// </summary>
public sealed record CheckpointShard(int Number, RedisKey Key, EndPoint Primary);
