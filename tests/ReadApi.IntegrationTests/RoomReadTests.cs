using System.Net;
using System.Text.Json;
using KafkaRooms.Rooms.Contract;
using KafkaRooms.Rooms.Redis;
using KafkaRooms.Testing.Redis;
using static KafkaRooms.ReadApi.IntegrationTests.SampleEvents;

namespace KafkaRooms.ReadApi.IntegrationTests;

/// <summary>The HTTP read API over state written by the real RoomStore into a real redis-server.</summary>
[Collection(ReadApiCollection.Name)]
public sealed class RoomReadTests(RedisServerFixture redis)
{
    private const int Buckets = ReadApiServer.Buckets;

    private static readonly string[] OddRoomIds =
    [
        "a/b", "/lead", "trail/", "{tag}", "}{", "100%", "%2F", "%25", "a%2Fb", "with space", "a+b", "你好", "emoji 🎲",
        "q?x=1&y=2#frag", "colon:x:y", "back\\slash", "tab-less\"quote'", "é", "a/../b", "./x", "x/.", "...",
    ];

    private async Task<(ReadApiServer Server, RoomStore Store)> StartAsync()
    {
        var server = await ReadApiServer.StartAsync(redis);
        return (server, server.Store!);
    }

    /// <summary>GET that must answer 200; its JSON body.</summary>
    internal static async Task<JsonElement> GetJsonAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task Paging_returns_every_open_room_exactly_once_across_buckets()
    {
        var (server, store) = await StartAsync();
        await using var _ = server;
        var t = T0;
        var open = Enumerable.Range(0, 23).Select(i => $"room-{i:00}").Concat(OddRoomIds).ToList();
        var events = open.Select((room, i) => Created(room, (ulong)(1000 + i), t + i)).ToList();
        events.AddRange(Enumerable.Range(0, 5).SelectMany(i => new[] { Created($"gone-{i}", 9, t), Closed($"gone-{i}", 9, t + 1) }));
        events.Add(Created("room-00", 5, t, app: 2)); // another app's room of the same id
        events.Add(LoggedIn("room-01", 1001, "u1", t + 100));
        events.Add(LoggedIn("room-01", 1001, "u2", t + 101));
        await store.ApplyBatchAsync(events);

        foreach (var limit in new[] { 1, 4, 7, 1000 })
        {
            var seen = new List<JsonElement>();
            string? cursor = null;
            var pages = 0;
            do
            {
                var query = $"/v1/apps/{App}/rooms?limit={limit}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
                var page = await GetJsonAsync(server.Client, query);
                var rooms = page.GetProperty("rooms").EnumerateArray().ToList();
                Assert.InRange(rooms.Count, 0, limit);
                seen.AddRange(rooms);
                cursor = page.GetProperty("next_cursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next_cursor").GetString();
                Assert.True(++pages <= open.Count + 2, "paging does not end");
            }
            while (cursor is not null);

            var ids = seen.Select(r => r.GetProperty("room_id").GetString()!).ToList();
            Assert.Equal(open.Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal));
            if (limit < open.Count)
            {
                Assert.True(pages > Buckets, $"limit {limit}: {pages} pages cannot have crossed all {Buckets} buckets");
            }
        }

        var all = (await GetJsonAsync(server.Client, $"/v1/apps/{App}/rooms?limit=1000")).GetProperty("rooms").EnumerateArray()
            .ToDictionary(r => r.GetProperty("room_id").GetString()!);
        var room01 = all["room-01"];
        Assert.Equal(JsonValueKind.String, room01.GetProperty("room_session_id").ValueKind);
        Assert.Equal("1001", room01.GetProperty("room_session_id").GetString());
        Assert.Equal(t + 1, room01.GetProperty("room_create_time").GetInt64());
        Assert.Equal("creator of room-01", room01.GetProperty("creator").GetString());
        Assert.Equal(2, room01.GetProperty("online_count").GetInt64());
        Assert.Equal(0, all["room-02"].GetProperty("online_count").GetInt64());

        var otherApp = await GetJsonAsync(server.Client, "/v1/apps/2/rooms");
        Assert.Equal("room-00", Assert.Single(otherApp.GetProperty("rooms").EnumerateArray()).GetProperty("room_id").GetString());
        Assert.Equal(JsonValueKind.Null, otherApp.GetProperty("next_cursor").ValueKind);
    }

    [Fact]
    public async Task Any_room_id_percent_encoded_in_the_path_reads_back_that_room_and_its_users()
    {
        var (server, store) = await StartAsync();
        await using var _ = server;
        var t = T0;
        var events = new List<RoomEvent>();
        for (var i = 0; i < OddRoomIds.Length; i++)
        {
            events.Add(Created(OddRoomIds[i], 18446744073709551615UL - (ulong)i, t));
            events.Add(LoggedIn(OddRoomIds[i], 18446744073709551615UL - (ulong)i, $"user {i}", t + 10));
        }

        await store.ApplyBatchAsync(events);

        for (var i = 0; i < OddRoomIds.Length; i++)
        {
            var room = await GetJsonAsync(server.Client, $"/v1/apps/{App}/rooms/{Uri.EscapeDataString(OddRoomIds[i])}");
            Assert.Equal(OddRoomIds[i], room.GetProperty("room_id").GetString());
            Assert.Equal($"{18446744073709551615UL - (ulong)i}", room.GetProperty("room_session_id").GetString());
            Assert.Equal(1, room.GetProperty("online_count").GetInt64());
            var user = Assert.Single(room.GetProperty("users").EnumerateArray());
            Assert.Equal($"user {i}", user.GetProperty("user_account").GetString());
            Assert.Equal($"nick user {i}", user.GetProperty("user_nickname").GetString());
            Assert.Equal("1", user.GetProperty("user_role").GetString());
            Assert.Equal(t + 10, user.GetProperty("login_time").GetInt64());
        }
    }

    [Fact]
    public async Task Rooms_dot_and_dot_dot_read_back_when_their_dots_are_percent_encoded()
    {
        var (server, store) = await StartAsync();
        await using var _ = server;
        var t = T0;
        await store.ApplyBatchAsync([Created(".", 1, t), Created("..", 2, t), Created("...", 3, t), LoggedIn("..", 2, "u", t + 1)]);

        foreach (var (target, room, session) in new[]
        {
            ("%2E", ".", "1"), ("%2e", ".", "1"), ("%2E%2E", "..", "2"), (".%2e", "..", "2"), ("%2E.", "..", "2"), ("%2E%2E%2E", "...", "3"),
        })
        {
            var response = await RawHttp.SendAsync(server.BaseAddress, "GET", $"/v1/apps/{App}/rooms/{target}");
            Assert.True(response.Status == 200, $"GET .../rooms/{target}: {response.Status} {response.Body}");
            var body = JsonDocument.Parse(response.Body).RootElement;
            Assert.Equal(room, body.GetProperty("room_id").GetString());
            Assert.Equal(session, body.GetProperty("room_session_id").GetString());
        }

        // Literal dot segments stay refused, another app's dot room is not this one, and the list is the list.
        Assert.Equal(400, (await RawHttp.SendAsync(server.BaseAddress, "GET", $"/v1/apps/{App}/rooms/.")).Status);
        Assert.Equal(404, (await RawHttp.SendAsync(server.BaseAddress, "GET", $"/v1/apps/{App + 1}/rooms/%2E")).Status);
        var list = await GetJsonAsync(server.Client, $"/v1/apps/{App}/rooms/");
        Assert.Equal(3, list.GetProperty("rooms").GetArrayLength());
    }

    [Fact]
    public async Task A_room_lists_only_its_online_users()
    {
        var (server, store) = await StartAsync();
        await using var _ = server;
        var t = T0;
        await store.ApplyBatchAsync([
            Created("r", 7, t), LoggedIn("r", 7, "stays", t + 1), LoggedIn("r", 7, "leaves", t + 2), LoggedOut("r", 7, "leaves", t + 3),
        ]);

        var room = await GetJsonAsync(server.Client, $"/v1/apps/{App}/rooms/r");
        Assert.Equal(["stays"], room.GetProperty("users").EnumerateArray().Select(u => u.GetProperty("user_account").GetString()));
        Assert.Equal(1, room.GetProperty("online_count").GetInt64());
    }

    [Fact]
    public async Task A_room_that_is_not_open_is_404_problem_json()
    {
        var (server, store) = await StartAsync();
        await using var _ = server;
        var t = T0;
        await store.ApplyBatchAsync([Created("closed/room", 3, t), Closed("closed/room", 3, t + 1), Created("other-app", 3, t, app: 2)]);

        foreach (var path in new[] { "closed%2Froom", "never-existed", "other-app", "%2525" })
        {
            var response = await server.Client.GetAsync($"/v1/apps/{App}/rooms/{path}");
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        }
    }

    [Fact]
    public async Task Reads_answer_503_problem_json_while_redis_is_unreachable()
    {
        await using var server = await ReadApiServer.StartWithoutRedisAsync();

        await ProblemAssert.IsProblemAsync(await server.Client.GetAsync("/v1/apps/1/rooms"), HttpStatusCode.ServiceUnavailable);
        await ProblemAssert.IsProblemAsync(await server.Client.GetAsync("/v1/apps/1/rooms/r"), HttpStatusCode.ServiceUnavailable);
    }
}
