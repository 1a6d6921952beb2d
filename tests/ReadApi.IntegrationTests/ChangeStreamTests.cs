using System.Net;
using System.Text.Json;
using KafkaRooms.Testing.Redis;
using StackExchange.Redis;
using static KafkaRooms.ReadApi.IntegrationTests.SampleEvents;

namespace KafkaRooms.ReadApi.IntegrationTests;

/// <summary>GET /v1/apps/{appid}/changes: the change feed as Server-Sent Events over a real redis-server.</summary>
[Collection(ReadApiCollection.Name)]
public sealed class ChangeStreamTests(RedisServerFixture redis)
{
    private const string Path = "/v1/apps/1/changes";

    // Walks every page of the room list: only the last one carries the changes cursor.
    private static async Task<string> ChangesCursorOfListAsync(HttpClient client, int limit)
    {
        string? cursor = null;
        while (true)
        {
            var page = JsonDocument.Parse(await client.GetStringAsync($"/v1/apps/1/rooms?limit={limit}" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)))).RootElement;
            cursor = page.GetProperty("next_cursor").GetString();
            var changes = page.GetProperty("changes_cursor");
            Assert.Equal(cursor is null, changes.ValueKind == JsonValueKind.String);
            if (cursor is null)
            {
                return changes.GetString()!;
            }
        }
    }

    // The read API's connections blocked in XREAD for app 1 (named by the feed); waits up to 10 s for `expected`.
    private async Task<int> BlockingReadsAsync(string keyPrefix, int expected)
    {
        var options = ConfigurationOptions.Parse(redis.ConnectionString);
        options.AllowAdmin = true;
        await using var admin = await ConnectionMultiplexer.ConnectAsync(options);
        var server = admin.GetServers().Single();
        var count = -1;
        for (var attempt = 0; attempt < 100 && count != expected; attempt++)
        {
            count = (await server.ClientListAsync()).Count(c => c.Name?.StartsWith($"kafkarooms-feed:{keyPrefix}:1:", StringComparison.Ordinal) == true);
            if (count != expected)
            {
                await Task.Delay(100);
            }
        }

        return count;
    }

    private static string Describe(ServerSentEvent e)
    {
        var data = JsonDocument.Parse(e.Data!).RootElement;
        var user = data.TryGetProperty("user_account", out var account) ? " " + account.GetString() : "";
        return $"{e.Event} {data.GetProperty("room_id").GetString()}{user}";
    }

    [Fact]
    public async Task Each_change_is_one_event_with_its_cursor_its_kind_and_one_line_of_json()
    {
        await using var server = await ReadApiServer.StartAsync(redis);
        var (stream, start) = await EventStream.OpenOkAsync(server.Client, Path);
        await using var open = stream;
        var t = T0;
        await server.Store!.ApplyBatchAsync([Created("r1", 18446744073709551615UL, t), LoggedIn("r1", 18446744073709551615UL, "u1", t + 1)]);
        await server.Store.ApplyBatchAsync([LoggedOut("r1", 18446744073709551615UL, "u1", t + 2), Closed("r1", 18446744073709551615UL, t + 3)]);

        var events = new List<ServerSentEvent>();
        for (var i = 0; i < 4; i++)
        {
            events.Add(await stream.NextChangeAsync());
        }

        Assert.Equal(["room_opened", "user_joined", "user_left", "room_closed"], events.Select(e => e.Event));
        Assert.Equal(4, events.Select(e => e.Id).Append(start).Distinct().Count() - 1);
        var data = events.Select(e => JsonDocument.Parse(e.Data!).RootElement).ToList();
        Assert.All(data, d =>
        {
            Assert.Equal("r1", d.GetProperty("room_id").GetString());
            Assert.Equal("18446744073709551615", d.GetProperty("room_session_id").GetString());
        });
        Assert.Equal(t, data[0].GetProperty("time").GetInt64());
        Assert.Equal("creator of r1", data[0].GetProperty("creator").GetString());
        Assert.False(data[0].TryGetProperty("user_account", out _));
        Assert.Equal(("u1", 1, "nick u1"), (data[1].GetProperty("user_account").GetString(), data[1].GetProperty("online_count").GetInt64(), data[1].GetProperty("nickname").GetString()));
        Assert.Equal(("u1", 0, t + 2), (data[2].GetProperty("user_account").GetString(), data[2].GetProperty("online_count").GetInt64(), data[2].GetProperty("time").GetInt64()));
        Assert.Equal("closed", data[3].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Reconnecting_with_Last_Event_ID_loses_nothing_and_repeats_nothing()
    {
        await using var server = await ReadApiServer.StartAsync(redis);
        var rooms = Enumerable.Range(0, 8).Select(i => $"room {i}").ToArray();
        var t = T0;
        var first = new List<ServerSentEvent>();
        var (stream, _) = await EventStream.OpenOkAsync(server.Client, Path);
        await using (stream)
        {
            await server.Store!.ApplyBatchAsync([.. rooms.Select(r => Created(r, 7, t)), .. rooms.Select(r => LoggedIn(r, 7, "u1", t + 1))]);
            for (var i = 0; i < 5; i++)
            {
                first.Add(await stream.NextChangeAsync());
            }
        }

        // Gone; meanwhile more happens. The reconnect names ?from=earliest, as the first URL might
        // have: Last-Event-ID wins, as an EventSource expects.
        await server.Store.ApplyBatchAsync([.. rooms.Select(r => LoggedOut(r, 7, "u1", t + 2))]);
        var (resumed, resumedAt) = await EventStream.OpenOkAsync(server.Client, Path + "?from=earliest", lastEventId: first[^1].Id);
        await using var __ = resumed;
        Assert.Equal(first[^1].Id, resumedAt);
        var rest = new List<ServerSentEvent>();
        for (var i = 0; i < 24 - 5; i++)
        {
            rest.Add(await resumed.NextChangeAsync());
        }

        var all = first.Concat(rest).Select(Describe).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Equal(
            rooms.SelectMany(r => new[] { $"room_opened {r}", $"user_joined {r} u1", $"user_left {r} u1" }).Order(StringComparer.Ordinal),
            all.Order(StringComparer.Ordinal));
        foreach (var room in rooms)
        {
            // Each room's changes keep their order (a room's changes share a bucket's stream).
            Assert.Equal([$"room_opened {room}", $"user_joined {room} u1", $"user_left {room} u1"], all.Where(e => e.EndsWith(room, StringComparison.Ordinal) || e.Contains(room + " ", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public async Task The_last_room_list_page_carries_a_changes_cursor_and_the_stream_from_it_holds_exactly_the_later_changes()
    {
        await using var server = await ReadApiServer.StartAsync(redis);
        var t = T0;
        await server.Store!.ApplyBatchAsync([Created("a", 7, t), Created("b", 7, t), Created("c", 7, t), LoggedIn("a", 7, "u1", t + 1)]);
        var changesCursor = await ChangesCursorOfListAsync(server.Client, 1);

        await server.Store.ApplyBatchAsync([Closed("b", 7, t + 2)]);
        var (stream, start) = await EventStream.OpenOkAsync(server.Client, $"{Path}?cursor={Uri.EscapeDataString(changesCursor!)}");
        await using var _ = stream;
        Assert.Equal(changesCursor, start);
        Assert.Equal("room_closed b", Describe(await stream.NextChangeAsync()));
    }

    [Fact]
    public async Task Many_streams_of_an_app_share_one_blocking_read_and_each_gets_every_change()
    {
        await using var server = await ReadApiServer.StartAsync(redis);
        var streams = new List<EventStream>();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                streams.Add((await EventStream.OpenOkAsync(server.Client, Path)).Stream);
            }

            Assert.Equal(1, await BlockingReadsAsync(server.KeyPrefix!, expected: 1));
            await server.Store!.ApplyBatchAsync([Created("shared", 7, T0)]);
            foreach (var stream in streams)
            {
                Assert.Equal("room_opened shared", Describe(await stream.NextChangeAsync()));
            }
        }
        finally
        {
            foreach (var stream in streams)
            {
                await stream.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task From_earliest_the_stream_starts_with_the_oldest_retained_change()
    {
        await using var server = await ReadApiServer.StartAsync(redis);
        var t = T0;
        await server.Store!.ApplyBatchAsync([Created("a", 7, t), LoggedIn("a", 7, "u1", t + 1)]);

        var (stream, _) = await EventStream.OpenOkAsync(server.Client, Path + "?from=earliest");
        await using var __ = stream;
        Assert.Equal("room_opened a", Describe(await stream.NextChangeAsync()));
        Assert.Equal("user_joined a u1", Describe(await stream.NextChangeAsync()));
    }

    [Fact]
    public async Task A_cursor_whose_changes_were_trimmed_is_410_telling_to_read_the_list_again()
    {
        await using var server = await ReadApiServer.StartAsync(redis, feedMaxLength: 10);
        var t = T0;
        await server.Store!.ApplyBatchAsync([Created("first", 7, t)]);
        var old = await ChangesCursorOfListAsync(server.Client, 100);
        // Redis trims whole stream nodes of 100 entries: enough changes in every bucket.
        await server.Store.ApplyBatchAsync([.. Enumerable.Range(0, 1200).Select(i => Created($"room {i}", 7, t + i))]);

        foreach (var (path, header, field) in new[] { ($"{Path}?cursor={Uri.EscapeDataString(old)}", (string?)null, "cursor"), (Path, old, "Last-Event-ID") })
        {
            var (stream, response) = await EventStream.OpenAsync(server.Client, path, header);
            Assert.Null(stream);
            var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Gone, field);
            Assert.Contains("changes_cursor", problem.GetProperty("detail").GetString());
            Assert.Contains("/v1/apps/1/rooms", problem.GetProperty("detail").GetString());
        }

        // The way on: the list again, and the stream from its changes cursor.
        var (again, _) = await EventStream.OpenOkAsync(server.Client, $"{Path}?cursor={Uri.EscapeDataString(await ChangesCursorOfListAsync(server.Client, 1000))}");
        await using var _ = again;
        await server.Store.ApplyBatchAsync([Closed("first", 7, t + 5000)]);
        Assert.Equal("room_closed first", Describe(await again.NextChangeAsync()));
    }

    [Theory]
    [InlineData("/v1/apps/x/changes", null, "appid")]
    [InlineData("/v1/apps/4294967296/changes", null, "appid")]
    [InlineData("/v1/apps/1/changes?cursor=garbage", null, "cursor")]
    [InlineData("/v1/apps/1/changes?cursor=", null, "cursor")]
    [InlineData("/v1/apps/1/changes?cursor=a&cursor=b", null, "cursor")]
    [InlineData("/v1/apps/1/changes?from=latest", null, "from")]
    [InlineData("/v1/apps/1/changes?from=earliest&cursor=k1.1.4.0....", null, "from")]
    [InlineData("/v1/apps/1/changes", "garbage", "Last-Event-ID")]
    [InlineData("/v1/apps/1/changes", "k1.1.2.0..", "Last-Event-ID")]
    [InlineData("/v1/apps/1/changes", "k1.2.4.0....", "Last-Event-ID")]
    public async Task Bad_input_is_400_problem_json_naming_the_parameter(string path, string? lastEventId, string field)
    {
        await using var server = await ReadApiServer.StartAsync(redis);

        var (stream, response) = await EventStream.OpenAsync(server.Client, path, lastEventId);
        Assert.Null(stream);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task An_app_the_API_does_not_serve_is_404_naming_appid_on_every_endpoint()
    {
        await using var server = await ReadApiServer.StartAsync(redis, new Dictionary<string, string?> { ["ReadApi:Apps:0"] = "1", ["ReadApi:Apps:1"] = "5" });

        foreach (var path in new[] { "/v1/apps/2/changes", "/v1/apps/2/rooms", "/v1/apps/2/rooms/r1" })
        {
            var problem = await ProblemAssert.IsProblemAsync(await server.Client.GetAsync(path), HttpStatusCode.NotFound, "appid");
            Assert.Contains("appid 2", problem.GetProperty("detail").GetString());
        }

        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/v1/apps/5/rooms")).StatusCode);
        var (stream, _) = await EventStream.OpenOkAsync(server.Client, "/v1/apps/5/changes");
        await stream.DisposeAsync();
    }

    [Fact]
    public async Task Clients_beyond_the_limit_get_503_with_Retry_After_until_one_leaves()
    {
        await using var server = await ReadApiServer.StartAsync(redis, new Dictionary<string, string?> { ["ReadApi:MaxFeedClients"] = "2" });
        var (one, _) = await EventStream.OpenOkAsync(server.Client, Path);
        var (two, _) = await EventStream.OpenOkAsync(server.Client, Path);
        await using var __ = two;

        var (three, refused) = await EventStream.OpenAsync(server.Client, Path);
        Assert.Null(three);
        Assert.NotNull(refused.Headers.RetryAfter);
        var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.ServiceUnavailable);
        Assert.Contains("ReadApi:MaxFeedClients", problem.GetProperty("detail").GetString());

        await one.DisposeAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var (again, response) = await EventStream.OpenAsync(server.Client, Path);
            if (again is not null)
            {
                await again.DisposeAsync();
                break;
            }

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.True(DateTime.UtcNow < deadline, "the slot of a client that left was not given back");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task An_idle_stream_gets_heartbeat_comments()
    {
        await using var server = await ReadApiServer.StartAsync(redis, new Dictionary<string, string?> { ["ReadApi:FeedHeartbeat"] = "00:00:00.200" });
        var (stream, _) = await EventStream.OpenOkAsync(server.Client, Path);
        await using var _ = stream;

        var idle = await stream.NextAsync();
        Assert.Null(idle.Event);
        Assert.Contains("heartbeat", idle.Comments);
    }

    [Fact]
    public async Task While_redis_is_unreachable_the_stream_is_503_problem_json()
    {
        await using var server = await ReadApiServer.StartWithoutRedisAsync();

        var (stream, response) = await EventStream.OpenAsync(server.Client, Path);
        Assert.Null(stream);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task Stopping_the_service_ends_open_streams()
    {
        var server = await ReadApiServer.StartAsync(redis);
        // Not the server's own client: disposing the server disposes that one first.
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        var (stream, _) = await EventStream.OpenOkAsync(client, Path);
        await using var _ = stream;

        var stopping = server.DisposeAsync().AsTask();
        await stream.CommentsUntilEndAsync();
        await stopping.WaitAsync(TimeSpan.FromSeconds(20));
    }
}
