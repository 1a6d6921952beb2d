using static KafkaRooms.Ingest.IntegrationTests.Hostile.HostileRequests;

namespace KafkaRooms.Ingest.IntegrationTests.Hostile;

internal static partial class HostileCorpus
{
    private static IEnumerable<HostileCase> MethodsAndPaths() =>
    [
        Method("GET"), Method("PUT"), Method("DELETE"), Method("PATCH"), Method("OPTIONS"), Method("TRACE"), Method("FOO"),
        new("method: HEAD", Raw(() => RawHttp.Request("HEAD /zego/callback HTTP/1.1\nHost: localhost\nConnection: close\n\n")), 405, null, ByKestrel: true),
        NotFound("/zego/callbacks"), NotFound("/zego"), NotFound("/"), NotFound("/zego/callback/extra"), NotFound("/zego%2Fcallback"),
        NotFound("/v1/zego/callback"),
        new("path: asterisk-form target (only OPTIONS may use it)",
            Raw(() => RawHttp.Request("POST * HTTP/1.1\nHost: localhost\nConnection: close\nContent-Length: 0\n\n")), 405, null, ByKestrel: true),
        new("path: dot segments resolve to the callback URL (then the empty body is refused)",
            Raw(() => RawHttp.Request("POST /other/../zego/callback HTTP/1.1\nHost: localhost\nConnection: close\nContent-Type: application/json\nContent-Length: 0\n\n")),
            400, "body"),
    ];

    private static HostileCase Method(string method) =>
        new($"method: {method}", Request(new HttpMethod(method), "/zego/callback", () => Create().Signed().AsJson()), 405, null);

    private static HostileCase NotFound(string path) =>
        new($"path: POST {path}", Post(() => Create().Signed().AsJson(), path), 404, null);
}
