using System.Text;
using static KafkaRooms.Ingest.IntegrationTests.Hostile.HostileRequests;

namespace KafkaRooms.Ingest.IntegrationTests.Hostile;

internal static partial class HostileCorpus
{
    private static IEnumerable<HostileCase> Structure() =>
    [
        new("JSON: nesting one level too deep in an unread field", PostJson(() => WithExtra("\"x\":" + Nested(ZegoCallbackBodyParserDepth))), 400, "body"),
        new("JSON: nesting 1000 levels deep", PostJson(() => WithExtra("\"x\":" + Nested(1000))), 400, "body"),
        new("JSON: room_id twice", PostJson(() => WithExtra("\"room_id\":\"other-room\"")), 400, "room_id"),
        new("JSON: room_id twice, once spelled with an escape", PostJson(() => WithExtra("\"room\\u005fid\":\"other-room\"")), 400, "room_id"),
        new("JSON: signature twice", PostJson(() => WithExtra("\"signature\":\"0000000000000000000000000000000000000000\"")), 400, "signature"),
        new("JSON: appid twice", PostJson(() => WithExtra("\"appid\":2")), 400, "appid"),
        new("JSON: event twice", PostJson(() => WithExtra("\"event\":\"room_close\"")), 400, "event"),
        new("JSON: top-level array", PostJson(() => $"[{Create().Signed().ToJson()}]"), 400, "body"),
        new("JSON: top-level string", PostJson(() => "\"room_create\""), 400, "body"),
        new("JSON: top-level null", PostJson(() => "null"), 400, "body"),
        new("JSON: two objects", PostJson(() => Create().Signed().ToJson() + Create().Signed().ToJson()), 400, "body"),
        new("JSON: trailing garbage", PostJson(() => Create().Signed().ToJson() + "x"), 400, "body"),
        new("JSON: a comment", PostJson(() => WithExtra("\"x\":1 /* comment */")), 400, "body"),
        new("JSON: trailing comma", PostJson(() => Create().Signed().ToJson().TrimEnd('}') + ",}"), 400, "body"),
        new("JSON: single quotes", PostJson(() => Create().Signed().ToJson().Replace('"', '\'')), 400, "body"),
        new("JSON: NaN", PostJson(() => WithExtra("\"x\":NaN")), 400, "body"),
        new("JSON: unterminated string", PostJson(() => "{\"event\":\"room_create"), 400, "body"),
        new("JSON: empty body", PostJson(() => ""), 400, "body"),
        new("JSON: whitespace only", PostJson(() => " \r\n\t "), 400, "body"),
        new("JSON: raw tab inside a string", PostJson(() => Create().Raw("room_id", "\"a\tb\"").Signed().ToJson()), 400, "body"),
        new("JSON: invalid escape", PostJson(() => Create().Raw("room_id", "\"a\\xb\"").Signed().ToJson()), 400, "body"),
        new("JSON: control character in a property name", PostJson(() => WithExtra("\"a\u0001\":1")), 400, "body"),
        new("JSON: invalid UTF-8 in a property name", PostBytes(() => [.. Encoding.UTF8.GetBytes(Create().Signed().ToJson().TrimEnd('}') + ",\""), 0xFF, .. "\":1}"u8]), 400, "body"),
        new("JSON: byte order mark before an array", PostBytes(() => [0xEF, 0xBB, 0xBF, .. "[]"u8]), 400, "body"),
        new("JSON: room_session_id of 1000 digits", PostJson(() => Create().Number("room_session_id", new string('9', 1000)).Signed().ToJson()), 400, "room_session_id"),
    ];

    private const int ZegoCallbackBodyParserDepth = Callbacks.ZegoCallbackBodyParser.MaxDepth;

    private static string Nested(int depth) => new string('[', depth) + new string(']', depth);

    /// <summary>A signed room_create with one more member written as is.</summary>
    private static string WithExtra(string member) => Create().Signed().ToJson().TrimEnd('}') + "," + member + "}";

}
