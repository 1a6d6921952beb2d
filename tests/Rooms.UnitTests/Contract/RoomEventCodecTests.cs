using System.Text;
using KafkaRooms.Rooms.Contract;

namespace KafkaRooms.Rooms.UnitTests.Contract;

public sealed class RoomEventCodecTests
{
    [Fact]
    public void An_event_round_trips_with_its_session_as_a_decimal_string()
    {
        var e = new RoomEvent
        {
            Kind = RoomEventKind.UserLoggedOut,
            AppId = 7,
            RoomId = "r {1}",
            RoomSession = ulong.MaxValue,
            TimeMs = 1_700_000_000_000,
            UserAccount = "u",
            UserSession = "s",
            Reason = "0",
            ReceivedMs = 1_700_000_000_100,
        };
        var json = RoomEventCodec.Serialize(e);

        Assert.Contains("\"room_session\":\"18446744073709551615\"", Encoding.UTF8.GetString(json), StringComparison.Ordinal);
        Assert.Equal(e, RoomEventCodec.Deserialize(json));
    }

    [Theory]
    [InlineData("""{"v":1,"kind":"room_created","app_id":7,"room_id":"\ud800","room_session":"1","time_ms":1}""")]
    [InlineData("""{"v":1,"kind":"room_created","app_id":-7,"room_id":"r","room_session":"1","time_ms":1}""")]
    [InlineData("""{"v":1,"kind":"room_created","app_id":7,"room_id":"r","room_session":"x","time_ms":1}""")]
    [InlineData("""{"v":1,"kind":"room_opened","app_id":7,"room_id":"r","room_session":"1","time_ms":1}""")]
    [InlineData("""{"v":1,"kind":"room_created","app_id":7,"room_id":true,"room_session":"1","time_ms":1}""")]
    [InlineData("""[1]""")]
    public void A_value_that_is_not_the_contract_is_a_format_error(string json) =>
        Assert.Throws<RoomEventFormatException>(() => RoomEventCodec.Deserialize(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void Invalid_utf8_is_a_format_error()
    {
        byte[] json = [.. "{\"v\":1,\"kind\":\"room_created\",\"app_id\":7,\"room_id\":\""u8, 0xFF, .. "\",\"room_session\":\"1\",\"time_ms\":1}"u8];
        Assert.Throws<RoomEventFormatException>(() => RoomEventCodec.Deserialize(json));
    }
}
