using System.IO.Compression;
using System.Text;
using KafkaRooms.FakeZego;
using static KafkaRooms.Ingest.IntegrationTests.Hostile.HostileRequests;

namespace KafkaRooms.Ingest.IntegrationTests.Hostile;

internal static partial class HostileCorpus
{
    private static IEnumerable<HostileCase> Encodings() =>
    [
        new("media type: charset utf-16", Post(() => ZegoCallback.Content(Create().Signed().ToJson(), "application/json; charset=utf-16")), 415, "Content-Type"),
        new("media type: charset iso-8859-1", Post(() => ZegoCallback.Content(Create().Signed().ToJson(), "application/json; charset=iso-8859-1")), 415, "Content-Type"),
        new("media type: charset us-ascii", Post(() => ZegoCallback.Content(Create().Signed().ToJson(), "application/json; charset=us-ascii")), 415, "Content-Type"),
        new("media type: two charsets", Raw(() => RawHttp.PostSized("Content-Type: application/json; charset=utf-8; charset=latin1", Create().Signed().ToJson())),
            415, "Content-Type"),
        new("media type: text/plain", Post(() => ZegoCallback.Content(Create().Signed().ToJson(), "text/plain")), 415, "Content-Type"),
        new("media type: none", Post(() => ZegoCallback.Content(Create().Signed().ToJson(), null)), 415, "Content-Type"),
        new("media type: application/xml", Post(() => ZegoCallback.Content("<x/>", "application/xml")), 415, "Content-Type"),
        new("media type: multipart/form-data", Post(() => new MultipartFormDataContent { { new StringContent("room_create"), "event" } }), 415, "Content-Type"),
        new("media type: application/json-patch+json", Post(() => ZegoCallback.Content(Create().Signed().ToJson(), "application/json-patch+json")), 415, "Content-Type"),
        new("media type: a wildcard", Raw(() => RawHttp.Post("Content-Type: application/*\nContent-Length: 2", "{}")), 415, "Content-Type"),
        new("media type: malformed", Raw(() => RawHttp.Post("Content-Type: application/\nContent-Length: 2", "{}")), 415, "Content-Type"),
        new("encoding: gzip-compressed body", Post(() => Gzipped(Create().Signed().ToJson())), 415, "Content-Encoding"),
        new("encoding: unknown content coding", Raw(() => RawHttp.Post("Content-Type: application/json\nContent-Encoding: br\nContent-Length: 2", "{}")), 415, "Content-Encoding"),
        new("encoding: UTF-16 body with a byte order mark", PostBytes(() => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Create().Signed().ToJson())]), 400, "body"),
        new("encoding: UTF-32 body", PostBytes(() => Encoding.UTF32.GetBytes(Create().Signed().ToJson())), 400, "body"),
        new("encoding: two byte order marks", PostBytes(() => [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Create().Signed().ToJson())]), 400, "body"),
        new("encoding: latin-1 byte in a JSON string", PostBytes(() => WithRoomIdBytes([0x72, 0xE9])), 400, "room_id"),
        new("encoding: overlong UTF-8 in a JSON string", PostBytes(() => WithRoomIdBytes([0xC0, 0xAF])), 400, "room_id"),
        new("encoding: overlong UTF-8 after URL decoding", PostJson(() => Create().Raw("room_id", "\"a%C0%AFb\"").Signed().ToJson()), 400, "room_id"),
        new("encoding: encoded surrogate (CESU-8) after URL decoding", PostJson(() => Login().Raw("user_account", "\"%ED%A0%80\"").Signed().ToJson()), 400, "user_account"),
        new("encoding: lone surrogate escape in room_id", PostJson(() => Create().Raw("room_id", "\"\\ud800\"").Signed().ToJson()), 400, "room_id"),
        new("encoding: lone surrogate escape in user_account", PostJson(() => Login().Raw("user_account", "\"u\\udc00\"").Signed().ToJson()), 400, "user_account"),
        new("encoding: URL-encoded NUL in room_id", PostJson(() => Create().Raw("room_id", "\"a%00b\"").Signed().ToJson()), 400, "room_id"),
        new("encoding: JSON-escaped NUL in room_id", PostJson(() => Create().Raw("room_id", "\"a\\u0000b\"").Signed().ToJson()), 400, "room_id"),
        new("encoding: DEL in room_id", PostJson(() => Create().Raw("room_id", "\"a%7Fb\"").Signed().ToJson()), 400, "room_id"),
        new("encoding: C1 control character in room_id", PostJson(() => Create().Raw("room_id", "\"a%C2%85b\"").Signed().ToJson()), 400, "room_id"),
        new("encoding: tab in session_id", PostJson(() => Login().Raw("session_id", "\"s%091\"").Signed().ToJson()), 400, "session_id"),
        new("encoding: newline in user_account", PostJson(() => Login().Raw("user_account", "\"u\\nx\"").Signed().ToJson()), 400, "user_account"),
    ];

    private static HttpContent Gzipped(string json)
    {
        var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(json));
        }

        var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.ContentType = new("application/json");
        content.Headers.ContentEncoding.Add("gzip");
        return content;
    }

    /// <summary>A signed room_create whose room_id string holds these raw bytes.</summary>
    private static byte[] WithRoomIdBytes(byte[] roomId)
    {
        var json = Create().Raw("room_id", "\"@@\"").Signed().ToJson();
        var at = json.IndexOf("@@", StringComparison.Ordinal);
        return [.. Encoding.UTF8.GetBytes(json[..at]), .. roomId, .. Encoding.UTF8.GetBytes(json[(at + 2)..])];
    }
}
