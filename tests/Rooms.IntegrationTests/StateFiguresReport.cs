using System.Diagnostics;
using System.Globalization;
using KafkaRooms.RoomHistories;
using KafkaRooms.Rooms.Contract;
using KafkaRooms.Rooms.Redis;
using KafkaRooms.Testing.Redis;
using Xunit.Abstractions;
using static KafkaRooms.Rooms.IntegrationTests.Events;

namespace KafkaRooms.Rooms.IntegrationTests;

/// <summary>
/// Prints the figures of issue 3 (Redis bytes per open room / online user / tombstone and
/// batch-apply events/s). Asserts only correctness, never speed. Run with:
/// dotnet test tests/Rooms.IntegrationTests --filter StateFiguresReport --logger "console;verbosity=detailed"
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class StateFiguresReport(RedisServerFixture fixture, ITestOutputHelper output)
{
    [Theory]
    [InlineData(64, 4_000)]
    [InlineData(16, 8_000)]
    public async Task Redis_bytes_per_open_room_online_user_and_tombstone(int bucketCount, int rooms)
    {
        var h = new StateHarness(RedisTarget.Of(fixture), bucketCount);
        var random = new Random(1);

        var empty = await MeasureAsync(h, Enumerable.Range(0, rooms).Select(i => Created(RoomId(i), Session(random), T0 + i, "user-" + i)).ToList());
        var withUsers = await MeasureAsync(h, Enumerable.Range(rooms, rooms).SelectMany(i => RoomWithUsers(random, i, 10)).ToList());
        var tombstones = await MeasureAsync(h, Enumerable.Range(2 * rooms, rooms).Select(i => Closed(RoomId(i), Session(random), T0 + i)).ToList());

        var listed = 0;
        await foreach (var _ in h.Reader.ListAllRoomsAsync(1))
        {
            listed++;
        }

        Assert.Equal(2 * rooms, listed);
        var perUser = (withUsers - empty) / 10.0;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"buckets {bucketCount}, {rooms} rooms each: open room {empty:F0} B, open room with 10 users {withUsers:F0} B (= {perUser:F0} B per online user), tombstone {tombstones:F0} B"));
    }

    [Fact]
    public async Task Batch_apply_events_per_second_with_a_realistic_mix()
    {
        var h = new StateHarness(RedisTarget.Of(fixture), bucketCount: 64);
        var random = new Random(5);
        var history = RoomHistoryGenerator.Generate(random, StateHarness.Now - 600_000, new HistorySizes(Apps: 2, RoomsPerApp: 1_500, MaxLifecyclesPerRoom: 3, MaxUsersPerLifecycle: 8));
        var delivery = history.Delivery(random, duplicateRate: 0.1);
        var counts = delivery.GroupBy(e => e.Kind).ToDictionary(g => g.Key, g => g.Count());

        var stopwatch = Stopwatch.StartNew();
        var outcomes = new List<ApplyOutcome>(delivery.Count);
        foreach (var batch in delivery.Chunk(5_000))
        {
            outcomes.AddRange(await h.Store.ApplyBatchAsync(batch));
        }

        stopwatch.Stop();
        Assert.Empty(TruthDiff.Compare(history.Truth, await h.ReadStateAsync(history.Truth.Keys.Select(k => k.AppId).Append(1u))));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{delivery.Count} events ({string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}"))}) in batches of 5000: {delivery.Count / stopwatch.Elapsed.TotalSeconds:F0} events/s; outcomes {string.Join(", ", outcomes.GroupBy(o => o).Select(g => $"{g.Key} {g.Count()}"))}"));
    }

    private static string RoomId(int i) => string.Create(CultureInfo.InvariantCulture, $"room-{i:D6}");

    private static ulong Session(Random random) => 858_012_925_204_410_400UL + (ulong)random.NextInt64(0, 1L << 40);

    private static IEnumerable<RoomEvent> RoomWithUsers(Random random, int i, int users)
    {
        var session = Session(random);
        yield return Created(RoomId(i), session, T0 + i, "user-" + i);
        for (var u = 0; u < users; u++)
        {
            yield return Login(RoomId(i), session, T0 + i + u, $"user-{i}-{u}", random.NextInt64(1, long.MaxValue).ToString(CultureInfo.InvariantCulture), $"Player{u}", "1");
        }
    }

    /// <summary>Average growth of used_memory per room (events are grouped by room).</summary>
    private async Task<double> MeasureAsync(StateHarness h, List<RoomEvent> events)
    {
        var server = fixture.Connection.GetServers()[0];
        var before = await UsedMemoryAsync(server);
        var outcomes = await h.Store.ApplyBatchAsync(events);
        Assert.All(outcomes, o => Assert.Equal(ApplyOutcome.Applied, o));
        var after = await UsedMemoryAsync(server);
        return (after - before) / (double)events.Select(e => e.RoomId).Distinct().Count();
    }

    /// <summary>used_memory without client buffers, which a pipelined batch inflates for a while.</summary>
    private static async Task<long> UsedMemoryAsync(StackExchange.Redis.IServer server)
    {
        var info = (await server.InfoAsync("memory")).SelectMany(g => g).ToDictionary(kv => kv.Key, kv => kv.Value);
        var clients = info.TryGetValue("mem_clients_normal", out var c) ? long.Parse(c, CultureInfo.InvariantCulture) : 0;
        return long.Parse(info["used_memory"], CultureInfo.InvariantCulture) - clients;
    }
}
