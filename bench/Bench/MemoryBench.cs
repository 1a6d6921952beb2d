using KafkaRooms.Rooms.Contract;
using KafkaRooms.Rooms.Redis;
using Microsoft.Extensions.Options;

namespace KafkaRooms.Bench;

/// <summary>
/// (6a) Redis bytes per open room (0 and 10 online users), per online user and per tombstone,
/// with the change feed off (the state alone); then bytes per change-feed entry: the same rooms
/// and users with the feed on, less the state, per stream entry.
/// </summary>
internal static class MemoryBench
{
    public sealed record Result(double PerOpenRoom, double PerOpenRoomWithTenUsers, double PerOnlineUser, double PerTombstone, double PerFeedEntry, int Rooms);

    public static async Task<Result> RunAsync(BenchEnvironment environment)
    {
        var rooms = environment.Options.MemoryRooms;
        var stateOnly = Store(environment, changeFeed: false);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000;
        RoomEvent Room(RoomEventKind kind, int i) => new()
        {
            Kind = kind, AppId = 1, RoomId = $"room-{i}", RoomSession = 858012925204410400UL + (ulong)i, TimeMs = now,
            Creator = kind == RoomEventKind.RoomCreated ? $"host-{i % 1000}" : null,
        };
        var creates = Enumerable.Range(0, rooms).Select(i => Room(RoomEventKind.RoomCreated, i)).ToList();
        var logins = Enumerable.Range(0, rooms).SelectMany(i => Enumerable.Range(0, 10).Select(u => new RoomEvent
        {
            Kind = RoomEventKind.UserLoggedIn, AppId = 1, RoomId = $"room-{i}", RoomSession = 858012925204410400UL + (ulong)i,
            TimeMs = now + 1 + u, UserAccount = $"user-{u}", UserSession = $"{1_700_000_000 + u}", Nickname = $"Player {u}", Role = "1",
        })).ToList();

        await environment.FlushRedisAsync();
        var empty = await environment.RedisUsedMemoryAsync();
        await ApplyAllAsync(stateOnly, creates);
        var withRooms = await environment.RedisUsedMemoryAsync();
        await ApplyAllAsync(stateOnly, logins);
        var withUsers = await environment.RedisUsedMemoryAsync();

        await environment.FlushRedisAsync();
        var emptyAgain = await environment.RedisUsedMemoryAsync();
        await ApplyAllAsync(stateOnly, Enumerable.Range(0, rooms).Select(i => Room(RoomEventKind.RoomClosed, i)));
        var withTombstones = await environment.RedisUsedMemoryAsync();

        await environment.FlushRedisAsync();
        var emptyWithFeed = await environment.RedisUsedMemoryAsync();
        var withFeed = Store(environment, changeFeed: true);
        await ApplyAllAsync(withFeed, creates);
        await ApplyAllAsync(withFeed, logins);
        var stateAndFeed = await environment.RedisUsedMemoryAsync() - emptyWithFeed;
        var entries = await FeedEntriesAsync(environment, withFeed.Keys);
        await environment.FlushRedisAsync();

        return new Result(
            (withRooms - empty) / (double)rooms,
            (withUsers - empty) / (double)rooms,
            (withUsers - withRooms) / (double)(rooms * 10),
            (withTombstones - emptyAgain) / (double)rooms,
            (stateAndFeed - (withUsers - empty)) / (double)entries,
            rooms);
    }

    private static RoomStore Store(BenchEnvironment environment, bool changeFeed) =>
        new(environment.Redis, Options.Create(new RoomStateOptions { ChangeFeedMaxLength = changeFeed ? new RoomStateOptions().ChangeFeedMaxLength : 0 }), TimeProvider.System);

    private static async Task<long> FeedEntriesAsync(BenchEnvironment environment, RoomKeySchema keys)
    {
        var db = environment.Redis.GetDatabase();
        long entries = 0;
        for (var bucket = 0; bucket < keys.BucketCount; bucket++)
        {
            entries += await db.StreamLengthAsync(keys.Changes(1, bucket));
        }

        return entries;
    }

    private static async Task ApplyAllAsync(RoomStore store, IEnumerable<RoomEvent> events)
    {
        foreach (var chunk in events.Chunk(5_000))
        {
            await store.ApplyBatchAsync(chunk);
        }
    }
}
