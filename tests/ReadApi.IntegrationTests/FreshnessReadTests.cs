using System.Text.Json;
using KafkaRooms.Testing.Redis;
using static KafkaRooms.ReadApi.IntegrationTests.RoomReadTests;
using static KafkaRooms.ReadApi.IntegrationTests.SampleEvents;

namespace KafkaRooms.ReadApi.IntegrationTests;

/// <summary>
/// Freshness in the HTTP JSON (docs/read-api.md, "Freshness"): each room's last_event_ms and its
/// suspect verdict by the "Suspicion" thresholds (docs/rules.md §8), alike in the list and the room.
/// </summary>
[Collection(ReadApiCollection.Name)]
public sealed class FreshnessReadTests(RedisServerFixture redis)
{
    private const uint App = 1;

    // Events a minute old are beyond every threshold; events of now are within all of them.
    private static readonly Dictionary<string, string?> Thresholds = new()
    {
        ["Suspicion:EmptyFor"] = "00:00:30",
        ["Suspicion:SilentFor"] = "00:00:45",
        ["Suspicion:PendingFor"] = "00:00:30",
    };

    // The reasons joined with "," (in the API's order), so the tuple compares by value.
    private static (long LastEventMs, bool Suspect, string Reasons) Freshness(JsonElement room) => (
        room.GetProperty("last_event_ms").GetInt64(),
        room.GetProperty("suspect").GetBoolean(),
        string.Join(',', room.GetProperty("suspect_reasons").EnumerateArray().Select(r => r.GetString())));

    [Fact]
    public async Task Rooms_carry_their_last_event_time_and_the_suspect_reasons_of_the_configured_thresholds()
    {
        await using var server = await ReadApiServer.StartAsync(redis, Thresholds);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var old = now - 60_000;
        await server.Store!.ApplyBatchAsync([
            Created("fresh", 1, now - 1_000), LoggedIn("fresh", 1, "u1", now - 500),
            Created("empty-and-silent", 2, old),
            Created("silent", 3, old), LoggedIn("silent", 3, "u1", old + 10),
            // A newer lifecycle (later in time and session) whose create has not come: its user waits, pending.
            Created("superseded", 4, old), LoggedIn("superseded", 4, "u1", old + 10), LoggedIn("superseded", 5, "u2", old + 20),
        ]);

        var expected = new Dictionary<string, (long, bool, string)>
        {
            ["fresh"] = (now - 500, false, ""),
            ["empty-and-silent"] = (old, true, "empty,silent"),
            ["silent"] = (old + 10, true, "silent"),
            ["superseded"] = (old + 10, true, "silent,pending_users"),
        };
        var listed = (await GetJsonAsync(server.Client, $"/v1/apps/{App}/rooms?limit=1000")).GetProperty("rooms").EnumerateArray()
            .ToDictionary(r => r.GetProperty("room_id").GetString()!, Freshness);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), listed.Keys.Order(StringComparer.Ordinal));
        foreach (var (room, freshness) in expected)
        {
            Assert.Equal(freshness, listed[room]);
            Assert.Equal(freshness, Freshness(await GetJsonAsync(server.Client, $"/v1/apps/{App}/rooms/{room}")));
        }
    }

    [Fact]
    public async Task With_the_default_thresholds_a_minute_old_room_is_not_suspect()
    {
        await using var server = await ReadApiServer.StartAsync(redis);
        var old = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000;
        await server.Store!.ApplyBatchAsync([Created("quiet", 1, old)]);

        Assert.Equal((old, false, ""), Freshness(await GetJsonAsync(server.Client, $"/v1/apps/{App}/rooms/quiet")));
    }
}
