using static KafkaRooms.Ingest.IntegrationTests.Hostile.HostileRequests;

namespace KafkaRooms.Ingest.IntegrationTests.Hostile;

internal static partial class HostileCorpus
{
    // A JSON value of the wrong type is never read as text ("room_id": true is not room "true").
    private static IEnumerable<HostileCase> JsonTypes() =>
    [
        Typed("room_id", "true", Create), Typed("room_id", "false", Create), Typed("room_id", "null", Create),
        Typed("room_id", "123", Create), Typed("room_id", "[\"r\"]", Create), Typed("room_id", "{\"id\":\"r\"}", Create),
        Typed("user_account", "7", Login), Typed("user_account", "true", Login),
        Typed("session_id", "42", Login), Typed("session_id", "null", Login),
        Typed("event", "true", Create), Typed("event", "5", Create),
        Typed("appid", "true", Create), Typed("appid", "null", Create), Typed("appid", "1.5", Create),
        Typed("appid", "-1", Create), Typed("appid", "\"1 \"", Create), Typed("appid", "4294967296", Create), Typed("appid", "[1]", Create),
        Typed("room_session_id", "true", Create), Typed("room_session_id", "null", Create), Typed("room_session_id", "-1", Create),
        Typed("room_session_id", "1e3", Create), Typed("room_session_id", "1.0", Create), Typed("room_session_id", "18446744073709551616", Create),
        Typed("room_session_id", "\"0x10\"", Create), Typed("room_session_id", "[1]", Create),
        Typed("room_seq", "false", Login), Typed("room_seq", "{}", Login),
        Typed("login_time", "true", Login), Typed("login_time", "\"1.5\"", Login), Typed("login_time", "[1]", Login),
        Typed("room_create_time", "null", Create),
        Typed("timestamp", "true", Create, signed: false), Typed("timestamp", "{\"s\":1}", Create, signed: false),
        Typed("signature", "12", Create, signed: false), Typed("signature", "null", Create, signed: false), Typed("signature", "true", Create, signed: false),
        Typed("nonce", "true", Create, signed: false), Typed("nonce", "[]", Create, signed: false),
        Typed("user_nickname", "true", Login), Typed("user_role", "null", Login), Typed("reason", "[]", Logout),
        Typed("id_name", "{}", Create), Typed("close_reason", "true", Close),
    ];

    /// <summary>A signed callback whose <paramref name="field"/> holds <paramref name="token"/>; 400 naming the field.</summary>
    private static HostileCase Typed(string field, string token, Func<string, FakeZego.ZegoCallback> callback, bool signed = true)
    {
        return new($"JSON type: {field} = {token}", PostJson(Body), 400, field);

        // The signature parts are replaced after signing, the other fields before, so only the type is wrong.
        string Body() => signed
            ? callback("hostile-1").Raw(field, token).Signed().ToJson()
            : callback("hostile-1").Signed().Raw(field, token).ToJson();
    }
}
