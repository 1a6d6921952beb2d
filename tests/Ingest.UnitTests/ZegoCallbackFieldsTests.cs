using System.Text;
using KafkaRooms.Ingest.Callbacks;

namespace KafkaRooms.Ingest.UnitTests;

public sealed class ZegoCallbackFieldsTests
{
    private static ZegoCallbackFields Json(string body) => ZegoCallbackBodyParser.ParseJson(Encoding.UTF8.GetBytes(body));

    private static ZegoCallbackFields Form(string body) => ZegoCallbackBodyParser.ParseForm(Encoding.UTF8.GetBytes(body));

    [Theory]
    [InlineData("""{"room_seq":18446744073709551615}""")]
    [InlineData("""{"room_seq":"18446744073709551615"}""")]
    [InlineData("""{"room_seq":"\u0031\u0038446744073709551615"}""")]
    public void Plain_digits_read_without_text_give_what_the_text_gives(string body)
    {
        var fields = Json(body);
        Assert.True(fields.TryReadDigits<ulong>("room_seq", out var digits));
        Assert.Equal(ulong.Parse(fields.Scalar("room_seq")!, System.Globalization.CultureInfo.InvariantCulture), digits);
        Assert.Equal(ulong.MaxValue, digits);
    }

    [Fact]
    public void Form_digits_read_without_text()
    {
        var fields = Form("appid=4294967295&login_time=1700000000000");
        Assert.True(fields.TryReadDigits<uint>("appid", out var appId));
        Assert.Equal(uint.MaxValue, appId);
        Assert.True(fields.TryReadDigits<long>("login_time", out var time));
        Assert.Equal(1700000000000, time);
    }

    [Theory]
    [InlineData("""{"appid":"%31"}""")]
    [InlineData("""{"appid":"+1"}""")]
    [InlineData("""{"appid":1e3}""")]
    [InlineData("""{"appid":-1}""")]
    [InlineData("""{"appid":"1 "}""")]
    [InlineData("""{"appid":""}""")]
    [InlineData("""{"appid":4294967296}""")]
    [InlineData("""{"appid":true}""")]
    [InlineData("""{"appid":null}""")]
    [InlineData("""{"other":1}""")]
    public void Anything_but_plain_digits_in_range_is_left_to_the_text_path(string body)
    {
        Assert.False(Json(body).TryReadDigits<uint>("appid", out _));
    }

    [Fact]
    public void A_documented_name_written_with_an_escape_is_the_same_field()
    {
        var ex = Assert.Throws<MalformedCallbackException>(() => Json("""{"room_id":"a","room\u005fid":"b"}"""));
        Assert.Equal("room_id", ex.Field);
        Assert.Equal("appears more than once", ex.Problem);
        Assert.Equal("b", Json("""{"room\u005fid":"b","other":1}""").Text("room_id"));
    }

    [Fact]
    public void Undocumented_names_are_kept_and_checked_for_duplicates_too()
    {
        var fields = Json("""{"custom":"x%20y","auth_level":"1","room_name":{"a":1}}""");
        Assert.Equal(3, fields.Count);
        Assert.Equal("x y", fields.Text("custom"));
        Assert.Equal("1", fields.Scalar("auth_level"));
        Assert.Equal("custom", Assert.Throws<MalformedCallbackException>(() => Json("""{"custom":1,"custom":2}""")).Field);
    }

    [Fact]
    public void Values_are_read_from_their_place_in_the_body_after_a_byte_order_mark()
    {
        var fields = ZegoCallbackBodyParser.ParseJson([.. "\uFEFF"u8, .. """{"room_id":"r%2B1","room_session_id":42}"""u8]);
        Assert.Equal("r+1", fields.Text("room_id"));
        Assert.Equal("42", fields.Scalar("room_session_id"));
    }

    [Fact]
    public void An_unescaped_string_that_is_not_utf8_is_refused_naming_its_field()
    {
        byte[] body = [.. "{\"room_id\":\"a"u8, 0xFF, .. "\"}"u8];
        var ex = Assert.Throws<MalformedCallbackException>(() => ZegoCallbackBodyParser.ParseJson(body));
        Assert.Equal("room_id", ex.Field);
    }
}
