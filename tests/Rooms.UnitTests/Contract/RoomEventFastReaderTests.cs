using System.Text;
using KafkaRooms.Rooms.Contract;

namespace KafkaRooms.Rooms.UnitTests.Contract;

/// <summary>The fast reader reads exactly what the serializer reads, or declines.</summary>
public sealed class RoomEventFastReaderTests
{
    [Fact]
    public void Every_event_the_codec_writes_is_read_by_the_fast_reader_as_the_serializer_reads_it()
    {
        var random = new Random(20261128);
        for (var i = 0; i < 2_000; i++)
        {
            var json = RoomEventCodec.Serialize(RandomEvent(random));

            var fast = RoomEventFastReader.TryRead(json);

            Assert.NotNull(fast);
            Assert.Equal(RoomEventCodec.DeserializeWithSerializer(json), fast);
        }
    }

    [Theory]
    // What the fast reader reads itself.
    [InlineData("""{"v":1,"kind":"user_logged_in","app_id":7,"room_id":"r","room_session":12,"time_ms":-5,"user_account":"u","user_session":"s"}""", true)]
    [InlineData(""" { "kind" : "room_closed" , "app_id" : 4294967295 , "room_id" : "r" , "room_session" : "0" , "time_ms" : 1 , "close_reason" : null } """, true)]
    [InlineData("""{"kind":"room_created","app_id":7,"room_id":"r","room_session":"18446744073709551615","time_ms":1,"creator":null,"nickname":"ä 名前"}""", true)]
    [InlineData("""{"v":2,"kind":"room_created","app_id":7,"room_id":"r","room_session":"1","time_ms":1}""", true)]
    // What it leaves to the serializer, which accepts it.
    [InlineData("""{"v":1,"kind":"room_created","app_id":7,"room_id":"r","room_session":"1","time_ms":1,"extra":{"a":[1,2]}}""", false)]
    [InlineData("""{"v":1,"kind":"room_created","app_id":7,"room_id":"r","room_id":"q","room_session":"1","time_ms":1}""", false)]
    [InlineData("""{"v":1,"kind":"room_created","app_id":7,"room_id":"r\u00e9\n","room_session":"1","time_ms":1}""", true)]
    [InlineData("""{"v":1,"kin\u0064":"room_created","app_id":7,"room_id":"r","room_session":"1","time_ms":1}""", false)]
    [InlineData("""{"v":1,"kind":2,"app_id":7,"room_id":"r","room_session":"1","time_ms":1}""", false)]
    [InlineData("""{"v":1,"kind":"Room_Created","app_id":7,"room_id":"r","room_session":"1","time_ms":1}""", false)]
    [InlineData("""{"v":1,"kind":"room_created","app_id":7,"room_id":null,"room_session":"1","time_ms":1}""", false)]
    [InlineData("""{"v":1,"kind":"room_created","app_id":7,"room_id":"r","room_session":"007","time_ms":1}""", false)]
    // What it leaves to the serializer, which refuses it.
    [InlineData("""{"v":1,"kind":"room_created","app_id":7,"room_id":"r","room_session":"18446744073709551616","time_ms":1}""", false)]
    [InlineData("""{"v":1,"kind":"room_created","app_id":7,"room_id":"r","room_session":"1","time_ms":1.5}""", false)]
    [InlineData("""{"v":"1","kind":"room_created","app_id":7,"room_id":"r","room_session":"1","time_ms":1}""", false)]
    [InlineData("""{"v":1,"kind":"room_created","app_id":7,"room_session":"1","time_ms":1}""", false)]
    [InlineData("""{"v":1,"kind":"room_created","app_id":7,"room_id":"r","room_session":"1","time_ms":1} x""", false)]
    [InlineData("""{"v":1,"kind":"room_created","app_id":7,"room_id":"r","room_session":"1","time_ms":1,}""", false)]
    [InlineData("""{"v":1,"kind":"room_created","app_id":7,"room_id":"r","room_session":" 1","time_ms":1}""", false)]
    [InlineData("""{"v":1,"kind":"room_created","app_id":7,"room_id":"r","room_session":"1","time_ms":null}""", false)]
    [InlineData("""{"v":1,"kind":"room_created","app_id":7,"room_id":"r","room_session":"1","time_ms":1,"close_reason":-1}""", false)]
    [InlineData("""{"v":1,"kind":"room_created","app_id":7,"room_id":"r","room_session":"1","time_ms":1,"nickname":5}""", false)]
    [InlineData("""[1]""", false)]
    [InlineData("""null""", false)]
    [InlineData("""{"v":1,"kind":"room_created""", false)]
    public void A_value_is_read_as_the_serializer_reads_it_or_left_to_the_serializer(string json, bool readFast)
    {
        var utf8 = Encoding.UTF8.GetBytes(json);

        var fast = RoomEventFastReader.TryRead(utf8);

        Assert.Equal(readFast, fast is not null);
        var serializer = Record.Exception(() => RoomEventCodec.DeserializeWithSerializer(utf8));
        if (fast is not null)
        {
            Assert.Null(serializer);
            Assert.Equal(RoomEventCodec.DeserializeWithSerializer(utf8), fast);
        }

        // The public reading is the serializer's either way: the same event, or the same refusal.
        var codec = Record.Exception(() => RoomEventCodec.Deserialize(utf8));
        if (serializer is null && RoomEventCodec.DeserializeWithSerializer(utf8).Version == RoomEvent.CurrentVersion)
        {
            Assert.Null(codec);
            Assert.Equal(RoomEventCodec.DeserializeWithSerializer(utf8), RoomEventCodec.Deserialize(utf8));
        }
        else
        {
            Assert.IsType<RoomEventFormatException>(codec);
        }
    }

    [Fact]
    public void Invalid_utf8_in_a_string_is_left_to_the_serializer()
    {
        byte[] json = [.. "{\"v\":1,\"kind\":\"room_created\",\"app_id\":7,\"room_id\":\""u8, 0xC3, 0x28, .. "\",\"room_session\":\"1\",\"time_ms\":1}"u8];

        Assert.Null(RoomEventFastReader.TryRead(json));
        Assert.Throws<RoomEventFormatException>(() => RoomEventCodec.Deserialize(json));
    }

    private static RoomEvent RandomEvent(Random random)
    {
        var kind = (RoomEventKind)random.Next(4);
        string[] pieces = ["a", "b", " ", "_", "-", ".", ":", "ä", "名", "😀", "\u00ff", "\"", "\\", "\t", "<"];
        string Text(int max) => string.Concat(Enumerable.Range(0, random.Next(max)).Select(_ => pieces[random.Next(pieces.Length)]));
        string? Maybe(int max) => random.Next(3) == 0 ? null : Text(max);
        return new RoomEvent
        {
            Kind = kind,
            AppId = (uint)random.NextInt64(0, uint.MaxValue + 1L),
            RoomId = Text(40),
            RoomSession = random.Next(5) == 0 ? ulong.MaxValue : (ulong)random.NextInt64(),
            TimeMs = random.NextInt64(-1_000, 4_000_000_000_000),
            Creator = kind == RoomEventKind.RoomCreated ? Maybe(20) : null,
            CloseReason = kind == RoomEventKind.RoomClosed && random.Next(2) == 0 ? (uint)random.Next() : null,
            UserAccount = kind.IsRoomEvent() ? null : Text(20),
            UserSession = kind.IsRoomEvent() ? null : Text(20),
            Nickname = kind == RoomEventKind.UserLoggedIn ? Maybe(30) : null,
            Role = kind == RoomEventKind.UserLoggedIn ? Maybe(5) : null,
            Reason = kind == RoomEventKind.UserLoggedOut ? Maybe(5) : null,
            ReceivedMs = random.Next(4) == 0 ? 0 : random.NextInt64(0, 4_000_000_000_000),
        };
    }
}
