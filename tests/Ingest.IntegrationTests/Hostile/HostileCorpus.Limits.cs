using static KafkaRooms.Ingest.IntegrationTests.Hostile.HostileRequests;

namespace KafkaRooms.Ingest.IntegrationTests.Hostile;

internal static partial class HostileCorpus
{
    private const int Limit = HostileServerFixture.MaxBodyBytes;

    private static IEnumerable<HostileCase> Limits() =>
    [
        new("size: body one byte over the limit", PostJson(() => Padded(Limit + 1)), 413, "body"),
        new("size: chunked body over the limit", Raw(() => RawHttp.Post(Chunked, RawHttp.Chunked([.. Padded(Limit + 100).Chunk(1000).Select(c => new string(c))]))), 413, "body"),
        new("size: Content-Length of 10 GB, body never sent", Raw(() => RawHttp.Post("Content-Type: application/json\nContent-Length: 10000000000", "{")), 413, "body"),
        new("size: one header of 40 KB", Raw(() => RawHttp.PostSized($"Content-Type: application/json\nX-Big: {new string('h', 40_000)}", "{}")), 431, null, ByKestrel: true),
        new("size: 150 headers", Raw(() => RawHttp.PostSized("Content-Type: application/json\n" + string.Join('\n', Enumerable.Range(0, 150).Select(i => $"X-H{i}: v")), "{}")),
            431, null, ByKestrel: true),
        new("size: request target of 10 KB", Raw(() => RawHttp.Request($"POST /zego/callback?{new string('q', 10_000)} HTTP/1.1\nHost: localhost\nConnection: close\nContent-Length: 0\n\n")),
            414, null, ByKestrel: true),
        new("size: room_id of 129 bytes", PostJson(() => Create(new string('r', 129)).Signed().ToJson()), 400, "room_id"),
        new("size: room_id of 43 CJK characters (129 bytes)", PostJson(() => Create(string.Concat(Enumerable.Repeat("房", 43))).Signed().ToJson()), 400, "room_id"),
        new("size: room_id of 3000 bytes", PostJson(() => Create(new string('r', 3000)).Signed().ToJson()), 400, "room_id"),
        new("size: user_account of 65 bytes", PostJson(() => Login(new string('u', 65)).Signed().ToJson()), 400, "user_account"),
        new("size: session_id of 129 bytes", PostJson(() => Login().Text("session_id", new string('s', 129)).Signed().ToJson()), 400, "session_id"),
    ];

    /// <summary>A signed room_create padded with an unread field to exactly this many bytes.</summary>
    private static string Padded(int bytes)
    {
        var json = Create().Signed().ToJson();
        var overhead = json.Length + ",\"padding\":\"\"".Length;
        return json.TrimEnd('}') + ",\"padding\":\"" + new string('p', bytes - overhead) + "\"}";
    }
}
