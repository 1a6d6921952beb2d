using static KafkaRooms.Ingest.IntegrationTests.Hostile.HostileRequests;

namespace KafkaRooms.Ingest.IntegrationTests.Hostile;

internal static partial class HostileCorpus
{
    // Well-formed bodies whose values the contract refuses (only fields the rules read can).
    private static IEnumerable<HostileCase> Values() =>
    [
        new("value: room_id missing", PostJson(() => Create().Without("room_id").Signed().ToJson()), 400, "room_id"),
        new("value: room_id empty", PostJson(() => Create("").Signed().ToJson()), 400, "room_id"),
        new("value: user_account missing", PostJson(() => Login().Without("user_account").Signed().ToJson()), 400, "user_account"),
        new("value: session_id missing", PostJson(() => Logout().Without("session_id").Signed().ToJson()), 400, "session_id"),
        new("value: room_session_id missing", PostJson(() => Close().Without("room_session_id").Signed().ToJson()), 400, "room_session_id"),
        new("value: room_seq empty", PostJson(() => Login().Text("room_seq", "").Signed().ToJson()), 400, "room_seq"),
        new("value: login_time missing", PostJson(() => Login().Without("login_time").Signed().ToJson()), 400, "login_time"),
        new("value: room_create_time beyond the clock skew", PostJson(() => Zego.RoomCreate("r", "5", Now + 600_000).Signed().ToJson()), 400, "room_create_time"),
        new("value: logout_time beyond the clock skew", PostJson(() => Zego.Logout("r", "5", "u", "s", Now + 600_000).Signed().ToJson()), 400, "logout_time"),
        new("value: room_close_time zero", PostJson(() => Zego.RoomClose("r", "5", 0).Signed().ToJson()), 400, "room_close_time"),
        new("value: event missing", PostJson(() => Create().Without("event").Signed().ToJson()), 400, "event"),
        new("value: event empty", PostJson(() => Create().Text("event", "").Signed().ToJson()), 400, "event"),
        new("value: appid missing", PostJson(() => Create().Without("appid").Signed().ToJson()), 400, "appid"),
    ];
}
