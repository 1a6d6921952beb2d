using KafkaRooms.Rooms.Contract;

namespace KafkaRooms.Bench;

/// <summary>(6a) Redis bytes per open room (0 and 10 online users), per online user, and per tombstone.</summary>
internal static class MemoryBench
{
    public sealed record Result(double PerOpenRoom, double PerOpenRoomWithTenUsers, double PerOnlineUser, double PerTombstone, int Rooms);

    public static async Task<Result> RunAsync(BenchEnvironment environment)
    {
        var rooms = environment.Options.MemoryRooms;
        var store = environment.NewStore();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000;
        RoomEvent Room(RoomEventKind kind, int i) => new()
        {
            Kind = kind, AppId = 1, RoomId = $"room-{i}", RoomSession = 858012925204410400UL + (ulong)i, TimeMs = now,
            Creator = kind == RoomEventKind.RoomCreated ? $"host-{i % 1000}" : null,
        };

        await environment.FlushRedisAsync();
        var empty = await environment.RedisUsedMemoryAsync();
        await ApplyAllAsync(store, Enumerable.Range(0, rooms).Select(i => Room(RoomEventKind.RoomCreated, i)));
        var withRooms = await environment.RedisUsedMemoryAsync();
        await ApplyAllAsync(store, Enumerable.Range(0, rooms).SelectMany(i => Enumerable.Range(0, 10).Select(u => new RoomEvent
        {
            Kind = RoomEventKind.UserLoggedIn, AppId = 1, RoomId = $"room-{i}", RoomSession = 858012925204410400UL + (ulong)i,
            TimeMs = now + 1 + u, UserAccount = $"user-{u}", UserSession = $"{1_700_000_000 + u}", Nickname = $"Player {u}", Role = "1",
        })));
        var withUsers = await environment.RedisUsedMemoryAsync();

        await environment.FlushRedisAsync();
        var emptyAgain = await environment.RedisUsedMemoryAsync();
        await ApplyAllAsync(store, Enumerable.Range(0, rooms).Select(i => Room(RoomEventKind.RoomClosed, i)));
        var withTombstones = await environment.RedisUsedMemoryAsync();
        await environment.FlushRedisAsync();

        return new Result(
            (withRooms - empty) / (double)rooms,
            (withUsers - empty) / (double)rooms,
            (withUsers - withRooms) / (double)(rooms * 10),
            (withTombstones - emptyAgain) / (double)rooms,
            rooms);
    }

    private static async Task ApplyAllAsync(Rooms.Redis.RoomStore store, IEnumerable<RoomEvent> events)
    {
        foreach (var chunk in events.Chunk(5_000))
        {
            await store.ApplyBatchAsync(chunk);
        }
    }
}
