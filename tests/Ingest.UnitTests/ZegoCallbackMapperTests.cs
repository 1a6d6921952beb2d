using System.Text;
using KafkaRooms.Ingest.Callbacks;
using KafkaRooms.Rooms.Contract;

namespace KafkaRooms.Ingest.UnitTests;

public sealed class ZegoCallbackMapperTests
{
    private static ZegoCallbackFields Json(string body) => ZegoCallbackBodyParser.ParseJson(Encoding.UTF8.GetBytes(body));

    private static RoomEvent Map(RoomEventKind kind, string body) => ZegoCallbackMapper.ToRoomEvent(kind, 1, Json(body), 5, out _);

    [Theory]
    [InlineData("18446744073709551615", 18446744073709551615UL)]
    [InlineData("\"18446744073709551615\"", 18446744073709551615UL)]
    [InlineData("858012925204410400", 858012925204410400UL)]
    [InlineData("9007199254740993", 9007199254740993UL)] // 2^53 + 1: a double would round it
    [InlineData("1", 1UL)]
    [InlineData("0", 0UL)]
    [InlineData("\"0\"", 0UL)]
    public void Room_session_id_is_parsed_exactly_as_uint64(string token, ulong expected)
    {
        var e = Map(RoomEventKind.RoomCreated, $$"""{"room_id":"r","room_session_id":{{token}},"room_create_time":"1499676978027","id_name":"u"}""");
        Assert.Equal(expected, e.RoomSession);
        Assert.Equal(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), e.RoomSessionText);
    }

    [Theory]
    [InlineData("18446744073709551616")]
    [InlineData("-1")]
    [InlineData("1e3")]
    [InlineData("8.58012925204410400e17")]
    [InlineData("1.0")]
    [InlineData("\"abc\"")]
    [InlineData("\" 1\"")]
    [InlineData("true")]
    [InlineData("null")]
    [InlineData("[1]")]
    public void Room_session_id_that_is_not_an_exact_uint64_names_the_field(string token)
    {
        var ex = Assert.Throws<MalformedCallbackException>(() =>
            Map(RoomEventKind.RoomClosed, $$"""{"room_id":"r","room_session_id":{{token}},"room_close_time":"1499676978027"}"""));
        Assert.Equal("room_session_id", ex.Field);
    }

    [Theory]
    [InlineData("\"1499676978027.5\"")]
    [InlineData("1.499676978027e12")]
    [InlineData("\"soon\"")]
    [InlineData("\"-5\"")]
    [InlineData("false")]
    public void Non_integer_times_name_the_time_field(string token)
    {
        var ex = Assert.Throws<MalformedCallbackException>(() =>
            Map(RoomEventKind.UserLoggedIn, $$"""{"room_id":"r","room_seq":"7","login_time":{{token}},"user_account":"u","session_id":"s"}"""));
        Assert.Equal("login_time", ex.Field);
    }

    [Theory]
    [InlineData("room_id", "true")]
    [InlineData("room_id", "12")]
    [InlineData("user_account", "false")]
    [InlineData("user_account", "7")]
    [InlineData("session_id", "null")]
    [InlineData("session_id", "42")]
    [InlineData("user_nickname", "true")]
    [InlineData("user_role", "{}")]
    public void Strings_must_be_strings(string field, string token)
    {
        var body = $$"""{"room_id":"r","room_seq":"7","login_time":"10","user_account":"u","session_id":"s","user_nickname":"n","user_role":"1"}""";
        body = body.Replace($"\"{field}\":", $"\"{field}\":{token},\"ignored_{field}\":", StringComparison.Ordinal);
        var ex = Assert.Throws<MalformedCallbackException>(() => Map(RoomEventKind.UserLoggedIn, body));
        Assert.Equal(field, ex.Field);
    }

    [Fact]
    public void Room_create_maps_every_field()
    {
        var fields = Json("""{"event":"room_create","appid":1,"room_id":"rid_1242649","room_session_id":858012925204410400,"room_create_time":"1499676978027","id_name":"id123"}""");
        var e = ZegoCallbackMapper.ToRoomEvent(RoomEventKind.RoomCreated, 1, fields, 42, out var repaired);
        Assert.Equal(new RoomEvent
        {
            Kind = RoomEventKind.RoomCreated,
            AppId = 1,
            RoomId = "rid_1242649",
            RoomSession = 858012925204410400,
            TimeMs = 1499676978027,
            Creator = "id123",
            ReceivedMs = 42,
        }, e);
        Assert.Equal(CleanedFields.None, repaired);
    }

    [Fact]
    public void Room_close_maps_close_reason_as_number_or_string()
    {
        Assert.Equal(1u, Map(RoomEventKind.RoomClosed, """{"room_id":"r","room_session_id":3,"room_close_time":"10","close_reason":1}""").CloseReason);
        var e = Map(RoomEventKind.RoomClosed, """{"room_id":"r","room_session_id":3,"room_close_time":10,"close_reason":"2"}""");
        Assert.Equal(2u, e.CloseReason);
        Assert.Equal(10, e.TimeMs);
    }

    [Theory]
    [InlineData("\"x\"")]
    [InlineData("-1")]
    [InlineData("4294967296")]
    [InlineData("1.5")]
    public void A_close_reason_that_is_not_a_uint32_is_left_out_and_reported_not_refused(string token)
    {
        var fields = Json($$"""{"room_id":"r","room_session_id":3,"room_close_time":"10","close_reason":{{token}}}""");
        var e = ZegoCallbackMapper.ToRoomEvent(RoomEventKind.RoomClosed, 1, fields, 0, out var repaired);
        Assert.Null(e.CloseReason);
        Assert.Equal(CleanedFields.CloseReason, repaired);
    }

    [Fact]
    public void User_logout_takes_the_session_from_room_seq_and_the_time_from_logout_time()
    {
        var e = Map(RoomEventKind.UserLoggedOut, """{"event":"room_logout","room_id":"r%201","room_seq":"18446744073709551615","user_account":"u%2B1","user_nickname":"n","session_id":"s1","login_time":"100","logout_time":"200","reason":"0","user_role":"2"}""");
        Assert.Equal(RoomEventKind.UserLoggedOut, e.Kind);
        Assert.Equal("r 1", e.RoomId);
        Assert.Equal(ulong.MaxValue, e.RoomSession);
        Assert.Equal(200, e.TimeMs);
        Assert.Equal("u+1", e.UserAccount);
        Assert.Equal("s1", e.UserSession);
        Assert.Equal("n", e.Nickname);
        Assert.Equal("2", e.Role);
        Assert.Equal("0", e.Reason);
    }

    [Fact]
    public void Room_seq_may_be_a_json_number_and_role_and_reason_may_be_numbers()
    {
        var e = Map(RoomEventKind.UserLoggedOut, """{"room_id":"r","room_seq":858012925204410400,"user_account":"u","session_id":"s","logout_time":200,"reason":1,"user_role":2}""");
        Assert.Equal(858012925204410400UL, e.RoomSession);
        Assert.Equal("1", e.Reason);
        Assert.Equal("2", e.Role);
    }

    [Fact]
    public void Informational_values_that_cannot_be_url_decoded_are_repaired_and_reported()
    {
        var fields = Json("""{"room_id":"r","room_seq":"7","user_account":"u","session_id":"s","logout_time":"200","user_nickname":"100%","reason":"%FF"}""");
        var e = ZegoCallbackMapper.ToRoomEvent(RoomEventKind.UserLoggedOut, 1, fields, 0, out var repaired);
        Assert.Equal("100%", e.Nickname);
        Assert.Equal("\uFFFD", e.Reason);
        Assert.Equal(CleanedFields.Nickname | CleanedFields.Reason, repaired);
    }

    [Theory]
    [InlineData("""{"room_id":"r","room_close_time":"10"}""", "room_session_id")]
    [InlineData("""{"room_id":"r","room_session_id":3}""", "room_close_time")]
    [InlineData("""{"room_id":"r","room_session_id":"","room_close_time":"10"}""", "room_session_id")]
    public void Missing_session_or_time_is_named(string body, string field) =>
        Assert.Equal(field, Assert.Throws<MalformedCallbackException>(() => Map(RoomEventKind.RoomClosed, body)).Field);

    [Theory]
    [InlineData("""{"appid":4294967295}""", 4294967295u)]
    [InlineData("""{"appid":"17"}""", 17u)]
    public void Appid_is_a_uint32_as_number_or_string(string body, uint expected) =>
        Assert.Equal(expected, ZegoCallbackMapper.ParseAppId(Json(body)));

    [Theory]
    [InlineData("""{"appid":4294967296}""")]
    [InlineData("""{"appid":-1}""")]
    [InlineData("""{"appid":1.0}""")]
    [InlineData("""{"appid":"x"}""")]
    [InlineData("""{"appid":true}""")]
    [InlineData("""{"appid":null}""")]
    [InlineData("""{}""")]
    public void Bad_appid_is_named(string body) =>
        Assert.Equal("appid", Assert.Throws<MalformedCallbackException>(() => ZegoCallbackMapper.ParseAppId(Json(body))).Field);

    [Theory]
    [InlineData("room_create", RoomEventKind.RoomCreated)]
    [InlineData("room_close", RoomEventKind.RoomClosed)]
    [InlineData("room_login", RoomEventKind.UserLoggedIn)]
    [InlineData("room_logout", RoomEventKind.UserLoggedOut)]
    [InlineData("stream_create", null)]
    [InlineData("ROOM_CREATE", null)]
    public void Only_the_four_room_callbacks_are_tracked(string eventName, RoomEventKind? expected) =>
        Assert.Equal(expected, ZegoEventNames.TrackedKind(eventName));

    [Theory]
    [InlineData(RoomEventKind.RoomCreated, RoomEventFields.RoomSession, "room_session_id")]
    [InlineData(RoomEventKind.UserLoggedIn, RoomEventFields.RoomSession, "room_seq")]
    [InlineData(RoomEventKind.RoomCreated, RoomEventFields.TimeMs, "room_create_time")]
    [InlineData(RoomEventKind.RoomClosed, RoomEventFields.TimeMs, "room_close_time")]
    [InlineData(RoomEventKind.UserLoggedIn, RoomEventFields.TimeMs, "login_time")]
    [InlineData(RoomEventKind.UserLoggedOut, RoomEventFields.TimeMs, "logout_time")]
    [InlineData(RoomEventKind.UserLoggedOut, RoomEventFields.UserSession, "session_id")]
    [InlineData(RoomEventKind.UserLoggedOut, RoomEventFields.UserAccount, "user_account")]
    [InlineData(RoomEventKind.RoomClosed, RoomEventFields.RoomId, "room_id")]
    [InlineData(RoomEventKind.RoomClosed, RoomEventFields.AppId, "appid")]
    [InlineData(RoomEventKind.RoomCreated, RoomEventFields.Creator, "id_name")]
    public void A_contract_field_is_named_as_zego_sends_it(RoomEventKind kind, string contractField, string wireName) =>
        Assert.Equal(wireName, ZegoFieldNames.Of(kind, contractField));
}
