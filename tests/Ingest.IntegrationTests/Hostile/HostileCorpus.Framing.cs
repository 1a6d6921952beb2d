using static KafkaRooms.Ingest.IntegrationTests.Hostile.HostileRequests;

namespace KafkaRooms.Ingest.IntegrationTests.Hostile;

internal static partial class HostileCorpus
{
    private const string Chunked = "Content-Type: application/json\nTransfer-Encoding: chunked";

    /// <summary>The connection closes without an answer.</summary>
    private const int NoAnswer = 0;

    private static string SignedJson() => Create().Signed().ToJson();

    private static IEnumerable<HostileCase> Framing() =>
    [
        // Chunked framing the application reads: Kestrel raises it while the body is read.
        new("framing: chunk-size line that is not hex", Raw(() => RawHttp.Post(Chunked, $"zz\r\n{SignedJson()}\r\n0\r\n\r\n")), 400, "body"),
        new("framing: chunk-size with a sign", Raw(() => RawHttp.Post(Chunked, $"-10\r\n{SignedJson()}\r\n0\r\n\r\n")), 400, "body"),
        new("framing: chunk-size overflowing 64 bits", Raw(() => RawHttp.Post(Chunked, $"1ffffffffffffffff\r\n{SignedJson()}\r\n0\r\n\r\n")), 400, "body"),
        new("framing: chunk data longer than its size", Raw(() => RawHttp.Post(Chunked, "2\r\n{}garbage\r\n0\r\n\r\n")), 400, "body"),
        new("framing: chunk extension with a control character is skipped like any extension",
            Raw(() => RawHttp.Post(Chunked, "2;ext=\u0001\r\n{}\r\n0\r\n\r\n")), 400, "appid"),
        // The client half-closes before its body is complete: Kestrel takes the end of input for a
        // closed connection, so no answer goes out, and the handler sees either the body's
        // unexpected end (a warning) or an aborted request (Kestrel's debug line); never an error.
        new("framing: chunked body cut off before its last chunk, then half-closed",
            Raw(() => [RawHttp.Post(Chunked, $"{SignedJson().Length:x}\r\n{SignedJson()[..10]}")], TimeSpan.Zero, halfClose: true), NoAnswer, null),
        new("framing: body shorter than its Content-Length, then half-closed",
            Raw(() => [RawHttp.Post("Content-Type: application/json\nContent-Length: 500", "{\"appid\":1")], TimeSpan.Zero, halfClose: true), NoAnswer, null),
        new("framing: body slower than the minimum data rate (240 B/s)",
            Raw(() => [RawHttp.Post("Content-Type: application/json\nContent-Length: 1000", "{"), .. Enumerable.Range(0, 30).Select(_ => " "u8.ToArray())],
                TimeSpan.FromMilliseconds(500), halfClose: false), 408, "body"),

        // Framing Kestrel refuses before the application runs.
        new("framing: Transfer-Encoding whose last coding is not chunked",
            Raw(() => RawHttp.Post("Content-Type: application/json\nTransfer-Encoding: chunked, identity", RawHttp.Chunked(SignedJson()))), 400, null, ByKestrel: true),
        new("framing: unknown Transfer-Encoding", Raw(() => RawHttp.Post("Content-Type: application/json\nTransfer-Encoding: xchunked", SignedJson())), 400, null, ByKestrel: true),
        new("framing: two Content-Length headers that differ",
            Raw(() => RawHttp.Post("Content-Type: application/json\nContent-Length: 5\nContent-Length: 6", SignedJson())), 400, null, ByKestrel: true),
        new("framing: Content-Length that is not a number", Raw(() => RawHttp.Post("Content-Type: application/json\nContent-Length: 1e3", SignedJson())), 400, null, ByKestrel: true),
        new("framing: negative Content-Length", Raw(() => RawHttp.Post("Content-Type: application/json\nContent-Length: -1", SignedJson())), 400, null, ByKestrel: true),
        new("framing: space before the colon of Transfer-Encoding",
            Raw(() => RawHttp.Post("Content-Type: application/json\nTransfer-Encoding : chunked", RawHttp.Chunked(SignedJson()))), 400, null, ByKestrel: true),
        new("framing: obsolete line folding", Raw(() => RawHttp.Post("Content-Type: application/json\nX-Folded: a\n  b\nContent-Length: 2", "{}")), 400, null, ByKestrel: true),
        new("framing: NUL in a header value", Raw(() => RawHttp.Post("Content-Type: application/json\u0000\nContent-Length: 2", "{}")), 400, null, ByKestrel: true),
        new("framing: HTTP/1.1 without Host", Raw(() => RawHttp.Request("POST /zego/callback HTTP/1.1\nContent-Type: application/json\nContent-Length: 2\n\n", "{}")), 400, null, ByKestrel: true),
        new("framing: two Host headers", Raw(() => RawHttp.Post("Host: other\nContent-Type: application/json\nContent-Length: 2", "{}")), 400, null, ByKestrel: true),
        new("framing: garbage instead of a request line", Raw(() => RawHttp.Request("\u0016\u0003\u0001 hello\n\n")), 400, null, ByKestrel: true),

        // Smuggling: a second, validly signed callback hidden where a confused parser would see a
        // new request. Whatever the status, nothing may be published (the theory checks it).
        new("smuggling: Content-Length and chunked together (CL.TE)",
            RawKeptAlive(() => RawHttp.Post("Content-Type: application/json\nContent-Length: 4\nTransfer-Encoding: chunked",
                "0\r\n\r\n" + Smuggled(), keepAlive: true)), 400, null, ByKestrel: true),
        new("smuggling: chunked and Content-Length together (TE.CL)",
            RawKeptAlive(() => SmuggledAfter(smuggled => $"Content-Type: application/json\nTransfer-Encoding: chunked\nContent-Length: {smuggled.Length + 5}")),
            400, null, ByKestrel: true),
        new("smuggling: chunked in HTTP/1.0",
            RawKeptAlive(() => RawHttp.Request("POST /zego/callback HTTP/1.0\nHost: localhost\nConnection: keep-alive\nContent-Type: application/json\nTransfer-Encoding: chunked\n\n",
                "0\r\n\r\n" + Smuggled())), 400, null, ByKestrel: true),
    ];

    private static byte[] SmuggledAfter(Func<string, string> headers)
    {
        var smuggled = Smuggled();
        return RawHttp.Post(headers(smuggled), "0\r\n\r\n" + smuggled, keepAlive: true);
    }

    /// <summary>A complete, validly signed callback request, hidden inside another request's body.</summary>
    private static string Smuggled()
    {
        var body = Create("smuggled").Signed().ToJson();
        return $"POST /zego/callback HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n{body}";
    }
}
