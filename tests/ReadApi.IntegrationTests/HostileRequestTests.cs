using System.Net;
using KafkaRooms.Rooms.Contract;
using KafkaRooms.Testing.Redis;

namespace KafkaRooms.ReadApi.IntegrationTests;

/// <summary>
/// Requests a client controls, sent byte for byte: each is answered 2xx or 4xx (problem+json
/// naming the parameter where one is at fault), never 5xx, and the service stays healthy.
/// </summary>
[Collection(ReadApiCollection.Name)]
public sealed class HostileRequestTests(RedisServerFixture redis)
{
    /// <param name="Field">The problem's <c>field</c>, where one parameter is at fault.</param>
    public sealed record Case(string Method, string Target, HttpStatusCode Status, string? Field = null, string Headers = "")
    {
        public override string ToString() => $"{Method} {Target}";
    }

    private const string OpenRoom = "a/b";

    private static readonly Case[] Corpus =
    [
        // limit
        new("GET", "/v1/apps/1/rooms?limit=abc", HttpStatusCode.BadRequest, "limit"),
        new("GET", "/v1/apps/1/rooms?limit=1.5", HttpStatusCode.BadRequest, "limit"),
        new("GET", "/v1/apps/1/rooms?limit=2147483648", HttpStatusCode.BadRequest, "limit"),
        new("GET", "/v1/apps/1/rooms?limit=99999999999999999999999999", HttpStatusCode.BadRequest, "limit"),
        new("GET", "/v1/apps/1/rooms?limit=1&limit=2", HttpStatusCode.BadRequest, "limit"),
        new("GET", "/v1/apps/1/rooms?limit=1&LIMIT=1", HttpStatusCode.BadRequest, "limit"),
        new("GET", "/v1/apps/1/rooms?limit=-1", HttpStatusCode.BadRequest, "limit"),
        new("GET", "/v1/apps/1/rooms?limit=0", HttpStatusCode.BadRequest, "limit"),
        new("GET", "/v1/apps/1/rooms?limit=1001", HttpStatusCode.BadRequest, "limit"),
        new("GET", "/v1/apps/1/rooms?limit=", HttpStatusCode.BadRequest, "limit"),
        new("GET", "/v1/apps/1/rooms?limit", HttpStatusCode.BadRequest, "limit"),
        new("GET", "/v1/apps/1/rooms?limit=%2B5", HttpStatusCode.BadRequest, "limit"),
        new("GET", "/v1/apps/1/rooms?limit=%205", HttpStatusCode.BadRequest, "limit"),
        new("GET", "/v1/apps/1/rooms?limit=0x10", HttpStatusCode.BadRequest, "limit"),
        new("GET", "/v1/apps/1/rooms?limit=%D9%A5", HttpStatusCode.BadRequest, "limit"),
        new("GET", "/v1/apps/1/rooms?limit=1e3", HttpStatusCode.BadRequest, "limit"),
        new("GET", "/v1/apps/1/rooms?limit=0005&unknown=%ZZ", HttpStatusCode.OK),
        // cursor
        new("GET", "/v1/apps/1/rooms?cursor=not-a-cursor", HttpStatusCode.BadRequest, "cursor"),
        new("GET", "/v1/apps/1/rooms?cursor=99999%3Aroom", HttpStatusCode.BadRequest, "cursor"),
        new("GET", "/v1/apps/1/rooms?cursor=-1%3Aroom", HttpStatusCode.BadRequest, "cursor"),
        new("GET", "/v1/apps/1/rooms?cursor=%3Aroom", HttpStatusCode.BadRequest, "cursor"),
        new("GET", "/v1/apps/1/rooms?cursor=%FF%FE", HttpStatusCode.BadRequest, "cursor"),
        new("GET", "/v1/apps/1/rooms?cursor=0%3Aa&cursor=1%3Ab", HttpStatusCode.BadRequest, "cursor"),
        new("GET", "/v1/apps/1/rooms?cursor=0%3Ak1.1.1.0.%3A%00%FF", HttpStatusCode.OK),
        new("GET", "/v1/apps/1/rooms?cursor=0%3A%00%FF", HttpStatusCode.BadRequest, "cursor"),
        new("GET", "/v1/apps/1/rooms?cursor=0%3Ak1.2.1.0.%3Aroom", HttpStatusCode.BadRequest, "cursor"),
        // the change feed (its 200 is an endless stream: only refusals here)
        new("GET", "/v1/apps/1/changes?cursor=%00%FF", HttpStatusCode.BadRequest, "cursor"),
        new("GET", "/v1/apps/1/changes?cursor=k1.1.64.0" + string.Concat(Enumerable.Repeat(".%FF", 64)), HttpStatusCode.BadRequest, "cursor"),
        new("GET", "/v1/apps/1/changes?from=%00", HttpStatusCode.BadRequest, "from"),
        new("GET", "/v1/apps/%2D1/changes", HttpStatusCode.BadRequest, "appid"),
        new("GET", "/v1/apps/1/rooms?cursor=", HttpStatusCode.OK),
        // appid
        new("GET", "/v1/apps/x/rooms", HttpStatusCode.BadRequest, "appid"),
        new("GET", "/v1/apps/4294967296/rooms", HttpStatusCode.BadRequest, "appid"),
        new("GET", "/v1/apps/-1/rooms/r", HttpStatusCode.BadRequest, "appid"),
        new("GET", "/v1/apps/%2B1/rooms", HttpStatusCode.BadRequest, "appid"),
        new("GET", "/v1/apps/1%2F2/rooms", HttpStatusCode.BadRequest, "appid"),
        new("GET", "/v1/apps/0x1/rooms", HttpStatusCode.BadRequest, "appid"),
        new("GET", "/v1/apps/1.0/rooms", HttpStatusCode.BadRequest, "appid"),
        new("GET", "/v1/apps/%EF%BC%91/rooms", HttpStatusCode.BadRequest, "appid"),
        new("GET", "/v1/apps/%31/rooms", HttpStatusCode.OK),
        new("GET", "/v1/apps/4294967295/rooms", HttpStatusCode.OK),
        // room ids
        new("GET", "/v1/apps/1/rooms/%ZZ", HttpStatusCode.BadRequest, "room_id"),
        new("GET", "/v1/apps/1/rooms/abc%", HttpStatusCode.BadRequest, "room_id"),
        new("GET", "/v1/apps/1/rooms/abc%4", HttpStatusCode.BadRequest, "room_id"),
        new("GET", "/v1/apps/1/rooms/%C3%28", HttpStatusCode.BadRequest, "room_id"),
        new("GET", "/v1/apps/1/rooms/%ED%A0%80", HttpStatusCode.BadRequest, "room_id"),
        new("GET", "/v1/apps/1/rooms/%C0%AF", HttpStatusCode.BadRequest, "room_id"),
        new("GET", "/v1/apps/1/rooms/%01", HttpStatusCode.BadRequest, "room_id"),
        new("GET", "/v1/apps/1/rooms/a%7Fb", HttpStatusCode.BadRequest, "room_id"),
        new("GET", "/v1/apps/1/rooms/a%0Ab", HttpStatusCode.BadRequest, "room_id"),
        new("GET", "/v1/apps/1/rooms/" + new string('a', RoomEventValidator.MaxRoomIdBytes + 1), HttpStatusCode.BadRequest, "room_id"),
        new("GET", "/v1/apps/1/rooms/" + string.Concat(Enumerable.Repeat("%E4%BD%A0", 43)), HttpStatusCode.BadRequest, "room_id"),
        new("GET", "/v1/apps/1/rooms/", HttpStatusCode.OK),
        new("GET", "/v1/apps/1/rooms/never-opened", HttpStatusCode.NotFound),
        new("GET", "/v1/apps/1/rooms/a%252Fb", HttpStatusCode.NotFound),
        new("GET", "/v1/apps/1/rooms/%F0%9F%8E%B2?x=%", HttpStatusCode.NotFound),
        new("GET", "/v1/apps/1/rooms/a%2Fb", HttpStatusCode.OK),
        new("GET", "/v1/apps/1/rooms/a%2fb", HttpStatusCode.OK),
        // paths
        new("GET", "/v1/apps/1/rooms/a/../b", HttpStatusCode.BadRequest, "path"),
        new("GET", "/v1/apps/1/x/../rooms/r", HttpStatusCode.BadRequest, "path"),
        new("GET", "/v1/apps/1/rooms/./r", HttpStatusCode.BadRequest, "path"),
        new("GET", "/v1/apps/1/rooms/x/%2E%2E", HttpStatusCode.BadRequest, "path"),
        new("GET", "/v1/apps/1/rooms/%2E%2E", HttpStatusCode.NotFound),
        new("GET", "http://{authority}/v1/apps/1/rooms/a%2Fb", HttpStatusCode.OK),
        new("GET", "http://{authority}/v1/apps/1/rooms/a/../b", HttpStatusCode.BadRequest, "path"),
        new("GET", "/V1/APPS/1/ROOMS/a%2Fb", HttpStatusCode.OK),
        new("GET", "//v1/apps/1/rooms", HttpStatusCode.NotFound),
        new("GET", "/v1/apps/1", HttpStatusCode.NotFound),
        new("GET", "/nothing-here", HttpStatusCode.NotFound),
        // methods, headers, bodies
        new("POST", "/v1/apps/1/rooms", HttpStatusCode.MethodNotAllowed, Headers: "Content-Length: 0\r\n"),
        new("PUT", "/v1/apps/1/rooms/r", HttpStatusCode.MethodNotAllowed, Headers: "Content-Length: 0\r\n"),
        new("DELETE", "/v1/apps/1/rooms/r", HttpStatusCode.MethodNotAllowed),
        new("PATCH", "/v1/apps/1/rooms", HttpStatusCode.MethodNotAllowed),
        new("OPTIONS", "/v1/apps/1/rooms", HttpStatusCode.MethodNotAllowed),
        new("FROB", "/v1/apps/1/rooms", HttpStatusCode.MethodNotAllowed),
        new("GET", "/v1/apps/1/rooms", HttpStatusCode.OK, Headers: "Content-Length: 5\r\n\r\nhello"),
        new("GET", "/v1/apps/1/rooms", HttpStatusCode.OK, Headers: "Accept: text/html\r\nX-Forwarded-For: ::1\r\n"),
    ];

    /// <summary>
    /// Kestrel refuses these itself, with a bare 400, before any middleware runs (so no
    /// problem+json is possible); they must still leave the service healthy.
    /// </summary>
    private static readonly Case[] RefusedByKestrel =
    [
        new("GET", "/v1/apps/1/rooms/%00", HttpStatusCode.BadRequest),
        new("GET", "/v1/apps/1/rooms/é", HttpStatusCode.BadRequest),
        new("GET", "/v1/apps/1/rooms/a b", HttpStatusCode.BadRequest),
        new("GET", "http://elsewhere.example/v1/apps/1/rooms", HttpStatusCode.BadRequest),
        new("GET", "*", HttpStatusCode.MethodNotAllowed),
    ];

    [Fact]
    public async Task Every_hostile_request_is_2xx_or_4xx_problem_json_naming_the_parameter_and_the_service_stays_healthy()
    {
        await using var server = await ReadApiServer.StartAsync(redis);
        var t = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 1000;
        await server.Store!.ApplyBatchAsync([new RoomEvent
        {
            Kind = RoomEventKind.RoomCreated, AppId = 1, RoomId = OpenRoom, RoomSession = 7, TimeMs = t, Creator = "c",
        }]);

        var failures = new List<string>();
        foreach (var hostile in Corpus.Concat(RefusedByKestrel))
        {
            try
            {
                var response = await RawHttp.SendAsync(server.BaseAddress, hostile.Method,
                    hostile.Target.Replace("{authority}", server.BaseAddress.Authority, StringComparison.Ordinal), hostile.Headers);
                if (RefusedByKestrel.Contains(hostile))
                {
                    Assert.Equal((int)hostile.Status, response.Status);
                }
                else if (hostile.Status == HttpStatusCode.OK)
                {
                    Assert.True(response.Status == 200, $"expected 200, got {response.Status}: {response.Body}");
                    Assert.Equal("application/json", response.MediaType);
                }
                else
                {
                    ProblemAssert.IsProblem(response, hostile.Status, hostile.Field);
                }

                Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/healthz")).StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/readyz")).StatusCode);
            }
            catch (Exception ex)
            {
                failures.Add($"{hostile}: {ex.Message}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {Corpus.Length + RefusedByKestrel.Length} cases failed:\n{string.Join('\n', failures)}");
        var room = await server.Client.GetAsync($"/v1/apps/1/rooms/{Uri.EscapeDataString(OpenRoom)}");
        Assert.Equal(HttpStatusCode.OK, room.StatusCode);
    }
}
