using System.Text;
using KafkaRooms.Ingest.Callbacks;
using KafkaRooms.Rooms.Contract;

namespace KafkaRooms.Ingest.UnitTests;

public sealed class ZegoCallbackMapperTests
{
    private static ZegoCallbackFields Json(string body) => ZegoCallbackBodyParser.ParseJson(Encoding.UTF8.GetBytes(body));

    [Theory]
    [InlineData("18446744073709551615", 18446744073709551615UL)]
    [InlineData("\"18446744073709551615\"", 18446744073709551615UL)]
    [InlineData("858012925204410400", 858012925204410400UL)]
    [InlineData("9007199254740993", 9007199254740993UL)] // 2^53 + 1: a double would round it
    [InlineData("1", 1UL)]
    public void Room_session_id_is_parsed_exactly_as_uint64(string token, ulong expected)
    {
        var fields = Json($$"""{"room_id":"r","room_session_id":{{token}},"room_create_time":"1499676978027","id_name":"u"}""");
        var e = ZegoCallbackMapper.ToRoomEvent(RoomEventKind.RoomCreated, 1, fields, 5);
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
    public void Room_session_id_that_is_not_an_exact_uint64_names_the_field(string token)
    {
        var fields = Json($$"""{"room_id":"r","room_session_id":{{token}},"room_close_time":"1499676978027"}""");
        var ex = Assert.Throws<MalformedCallbackException>(() => ZegoCallbackMapper.ToRoomEvent(RoomEventKind.RoomClosed, 1, fields, 5));
        Assert.Equal("room_session_id", ex.Field);
    }

    [Theory]
    [InlineData("\"1499676978027.5\"")]
    [InlineData("1.499676978027e12")]
    [InlineData("\"soon\"")]
    [InlineData("\"-5\"")]
    public void Non_integer_times_name_the_time_field(string token)
    {
        var fields = Json($$"""{"room_id":"r","room_seq":"7","login_time":{{token}},"user_account":"u","session_id":"s"}""");
        var ex = Assert.Throws<MalformedCallbackException>(() => ZegoCallbackMapper.ToRoomEvent(RoomEventKind.UserLoggedIn, 1, fields, 5));
        Assert.Equal("login_time", ex.Field);
    }

    [Fact]
    public void Room_create_maps_every_field()
    {
        var fields = Json("""{"event":"room_create","appid":1,"room_id":"rid_1242649","room_session_id":858012925204410400,"room_create_time":"1499676978027","id_name":"id123"}""");
        var e = ZegoCallbackMapper.ToRoomEvent(RoomEventKind.RoomCreated, 1, fields, 42);
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
    }

    [Fact]
    public void Room_close_maps_close_reason_as_number_or_string()
    {
        var number = Json("""{"room_id":"r","room_session_id":3,"room_close_time":"10","close_reason":1}""");
        var text = Json("""{"room_id":"r","room_session_id":3,"room_close_time":10,"close_reason":"2"}""");
        Assert.Equal(1u, ZegoCallbackMapper.ToRoomEvent(RoomEventKind.RoomClosed, 1, number, 0).CloseReason);
        var e = ZegoCallbackMapper.ToRoomEvent(RoomEventKind.RoomClosed, 1, text, 0);
        Assert.Equal(2u, e.CloseReason);
        Assert.Equal(10, e.TimeMs);
    }

    [Fact]
    public void User_logout_takes_the_session_from_room_seq_and_the_time_from_logout_time()
    {
        var fields = Json("""{"event":"room_logout","room_id":"r%201","room_seq":"18446744073709551615","user_account":"u%2B1","user_nickname":"n","session_id":"s1","login_time":"100","logout_time":"200","reason":"0","user_role":"2"}""");
        var e = ZegoCallbackMapper.ToRoomEvent(RoomEventKind.UserLoggedOut, 9, fields, 0);
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

    [Theory]
    [InlineData("""{"room_id":"r","room_close_time":"10"}""", "room_session_id")]
    [InlineData("""{"room_id":"r","room_session_id":3}""", "room_close_time")]
    public void Missing_session_or_time_is_named(string body, string field)
    {
        var ex = Assert.Throws<MalformedCallbackException>(() => ZegoCallbackMapper.ToRoomEvent(RoomEventKind.RoomClosed, 1, Json(body), 0));
        Assert.Equal(field, ex.Field);
    }

    [Theory]
    [InlineData("""{"appid":4294967295}""", 4294967295u)]
    [InlineData("""{"appid":"17"}""", 17u)]
    public void Appid_is_a_uint32_as_number_or_string(string body, uint expected) =>
        Assert.Equal(expected, ZegoCallbackMapper.ParseAppId(Json(body)));

    [Theory]
    [InlineData("""{"appid":4294967296}""")]
    [InlineData("""{"appid":-1}""")]
    [InlineData("""{"appid":"x"}""")]
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
}
