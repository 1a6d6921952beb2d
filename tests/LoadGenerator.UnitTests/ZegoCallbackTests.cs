using System.Text.Json;
using KafkaRooms.FakeZego;
using KafkaRooms.Rooms.Contract;
using KafkaRooms.Rooms.Zego;

namespace KafkaRooms.LoadGenerator.UnitTests;

/// <summary>The shared writer of signed callbacks (tests/FakeZego) that the load generator sends.</summary>
public sealed class ZegoCallbackTests
{
    [Fact]
    public void A_room_create_is_signed_url_encoded_and_keeps_the_session_id_as_an_exact_number()
    {
        var body = new ZegoApp(7, "secret").For(new RoomEvent
        {
            Kind = RoomEventKind.RoomCreated, AppId = 7, RoomId = "a+b% {c}", RoomSession = ulong.MaxValue,
            TimeMs = 1_499_676_978_027, Creator = "id 1",
        }).Signed(timestampSeconds: 1_470_820_198, nonce: "123412").ToJson();

        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.Equal("room_create", root.GetProperty("event").GetString());
        Assert.Equal(7u, root.GetProperty("appid").GetUInt32());
        Assert.Equal("a%2Bb%25+%7Bc%7D", root.GetProperty("room_id").GetString());
        Assert.Equal(JsonValueKind.Number, root.GetProperty("room_session_id").ValueKind);
        Assert.Equal("18446744073709551615", root.GetProperty("room_session_id").GetRawText());
        Assert.Equal("1499676978027", root.GetProperty("room_create_time").GetString());
        Assert.Equal("id+1", root.GetProperty("id_name").GetString());
        // ZEGO's published test vector.
        Assert.Equal("5bd59fd62953a8059fb7eaba95720f66d19e4517", root.GetProperty("signature").GetString());
        Assert.True(ZegoSignature.Verify("secret", "1470820198", "123412", root.GetProperty("signature").GetString()));
    }

    [Fact]
    public void A_user_logout_carries_room_seq_as_a_string_and_its_times()
    {
        var body = new ZegoApp(1, "k").For(new RoomEvent
        {
            Kind = RoomEventKind.UserLoggedOut, AppId = 1, RoomId = "r", RoomSession = 858012925204410401,
            TimeMs = 20, UserAccount = "用户", UserSession = "s1", Reason = "0",
        }).Signed(timestampSeconds: 1, nonce: "n").ToJson();

        var root = JsonDocument.Parse(body).RootElement;
        Assert.Equal("room_logout", root.GetProperty("event").GetString());
        Assert.Equal("858012925204410401", root.GetProperty("room_seq").GetString());
        Assert.Equal("%E7%94%A8%E6%88%B7", root.GetProperty("user_account").GetString());
        Assert.Equal("20", root.GetProperty("logout_time").GetString());
        Assert.Equal("0", root.GetProperty("reason").GetString());
        Assert.False(root.TryGetProperty("login_time", out _));
    }
}
