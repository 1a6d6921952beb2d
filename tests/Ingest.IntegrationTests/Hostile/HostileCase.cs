using System.Net.Http.Headers;
using KafkaRooms.FakeZego;

namespace KafkaRooms.Ingest.IntegrationTests.Hostile;

/// <summary>
/// One malformed or hostile request and the answer it must get: the status and, when the
/// application answers, problem+json naming <see cref="Field"/> (null: no single field is at
/// fault). <see cref="ByKestrel"/> marks requests Kestrel refuses before any application code
/// runs; their answer has no body to check.
/// </summary>
internal sealed record HostileCase(string Name, Func<Uri, HttpClient, Task<RawAnswer>> Send, int Status, string? Field, bool ByKestrel = false)
{
    public override string ToString() => Name;
}

/// <summary>Builders for the corpus: requests through HttpClient or written byte by byte.</summary>
internal static class HostileRequests
{
    public const string RoomSession = "858012925204410400";

    public static ZegoApp Zego => IngestServer.Zego;

    public static long Now => ZegoCallback.NowMs;

    public static long NowSeconds => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public static ZegoCallback Create(string room = "hostile-room") => Zego.RoomCreate(room, RoomSession, Now - 1000);

    public static ZegoCallback Close(string room = "hostile-room") => Zego.RoomClose(room, RoomSession, Now - 1000);

    public static ZegoCallback Login(string user = "user-1") => Zego.Login("hostile-room", RoomSession, user, "s-1", Now - 1000);

    public static ZegoCallback Logout(string user = "user-1") => Zego.Logout("hostile-room", RoomSession, user, "s-1", Now - 1000);

    /// <summary>POSTs a body through HttpClient.</summary>
    public static Func<Uri, HttpClient, Task<RawAnswer>> Post(Func<HttpContent> content, string path = "/zego/callback") =>
        (_, client) => SendAsync(client, new HttpRequestMessage(HttpMethod.Post, path) { Content = content() });

    /// <summary>POSTs this exact JSON text.</summary>
    public static Func<Uri, HttpClient, Task<RawAnswer>> PostJson(Func<string> json) =>
        Post(() => ZegoCallback.Content(json(), "application/json"));

    /// <summary>POSTs these exact bytes with this content type.</summary>
    public static Func<Uri, HttpClient, Task<RawAnswer>> PostBytes(Func<byte[]> body, string contentType = "application/json") =>
        Post(() =>
        {
            var content = new ByteArrayContent(body());
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            return content;
        });

    public static Func<Uri, HttpClient, Task<RawAnswer>> Request(HttpMethod method, string path, Func<HttpContent>? content = null) =>
        (_, client) => SendAsync(client, new HttpRequestMessage(method, path) { Content = content?.Invoke() });

    /// <summary>Writes these bytes on a fresh connection.</summary>
    public static Func<Uri, HttpClient, Task<RawAnswer>> Raw(Func<byte[]> request) =>
        (server, _) => RawHttp.SendAsync(server, request());

    /// <summary>Writes these bytes on a fresh connection kept alive, and listens a while for a second answer.</summary>
    public static Func<Uri, HttpClient, Task<RawAnswer>> RawKeptAlive(Func<byte[]> request) =>
        (server, _) => RawHttp.SendAsync(server, [request()], TimeSpan.Zero, halfClose: false, linger: TimeSpan.FromSeconds(2));

    /// <summary>Writes the parts with pauses between them, then optionally half-closes.</summary>
    public static Func<Uri, HttpClient, Task<RawAnswer>> Raw(Func<IReadOnlyList<byte[]>> parts, TimeSpan pause, bool halfClose) =>
        (server, _) => RawHttp.SendAsync(server, parts(), pause, halfClose);

    private static async Task<RawAnswer> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        using (request)
        using (var response = await client.SendAsync(request))
        {
            var headers = response.Content.Headers.ContentType is { } type
                ? new Dictionary<string, string> { ["content-type"] = type.ToString() }
                : new Dictionary<string, string>();
            return new RawAnswer((int)response.StatusCode, headers, await response.Content.ReadAsStringAsync());
        }
    }
}
