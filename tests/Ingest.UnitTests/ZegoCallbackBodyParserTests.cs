using System.Text;
using KafkaRooms.Ingest.Callbacks;

namespace KafkaRooms.Ingest.UnitTests;

public sealed class ZegoCallbackBodyParserTests
{
    private static ZegoCallbackFields Json(string body) => ZegoCallbackBodyParser.ParseJson(Encoding.UTF8.GetBytes(body));

    private static ZegoCallbackFields Form(string body) => ZegoCallbackBodyParser.ParseForm(Encoding.UTF8.GetBytes(body));

    [Fact]
    public void Json_numbers_keep_their_exact_token_text()
    {
        var fields = Json("""{"appid":1,"room_session_id":18446744073709551615,"other":858012925204410400}""");
        Assert.Equal("1", fields["appid"]);
        Assert.Equal("18446744073709551615", fields["room_session_id"]);
        Assert.Equal("858012925204410400", fields["other"]);
    }

    [Fact]
    public void Json_string_values_are_url_decoded_once_after_json_unescaping()
    {
        var fields = Json("""{"room_id":"a%2Bb%25","id_name":"x+y","nick":"\u0025E4\u0025BD\u0025A0","literal":"%2525"}""");
        Assert.Equal("a+b%", fields["room_id"]);
        Assert.Equal("x y", fields["id_name"]);
        Assert.Equal("你", fields["nick"]);
        Assert.Equal("%25", fields["literal"]);
    }

    [Fact]
    public void Json_null_is_absent_and_nested_values_are_skipped()
    {
        var fields = Json("""{"a":null,"b":{"c":[1,2,{"d":3}]},"e":true,"f":"g"}""");
        Assert.Null(fields["a"]);
        Assert.Null(fields["b"]);
        Assert.Null(fields["c"]);
        Assert.Equal("true", fields["e"]);
        Assert.Equal("g", fields["f"]);
        Assert.Equal(2, fields.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("\"room\"")]
    [InlineData("{\"a\":1")]
    [InlineData("{\"a\":1,}")]
    [InlineData("{\"a\":1} {}")]
    [InlineData("{\"a\":01}")]
    [InlineData("{'a':1}")]
    public void Malformed_json_is_refused_without_naming_a_field(string body)
    {
        var ex = Assert.Throws<MalformedCallbackException>(() => Json(body));
        Assert.Null(ex.Field);
    }

    [Fact]
    public void Invalid_utf8_in_a_json_string_is_refused()
    {
        byte[] body = [.. "{\"room_id\":\""u8, 0xFF, 0xFE, .. "\"}"u8];
        Assert.Throws<MalformedCallbackException>(() => ZegoCallbackBodyParser.ParseJson(body));
    }

    [Fact]
    public void A_repeated_field_is_refused_in_json_and_form()
    {
        Assert.Equal("room_id", Assert.Throws<MalformedCallbackException>(() => Json("""{"room_id":"a","room_id":"b"}""")).Field);
        Assert.Equal("room_id", Assert.Throws<MalformedCallbackException>(() => Form("room_id=a&room_id=b")).Field);
    }

    [Fact]
    public void Form_names_and_values_are_decoded_once()
    {
        var fields = Form("event=room_create&room_id=a%2Bb%25&id_name=x+y&room_session_id=18446744073709551615&flag&&empty=");
        Assert.Equal("room_create", fields["event"]);
        Assert.Equal("a+b%", fields["room_id"]);
        Assert.Equal("x y", fields["id_name"]);
        Assert.Equal("18446744073709551615", fields["room_session_id"]);
        Assert.Equal("", fields["flag"]);
        Assert.Equal("", fields["empty"]);
    }

    [Fact]
    public void A_form_value_with_a_broken_escape_names_its_field()
    {
        var ex = Assert.Throws<MalformedCallbackException>(() => Form("event=room_create&room_id=50%"));
        Assert.Equal("room_id", ex.Field);
    }

    [Fact]
    public void A_utf8_byte_order_mark_before_the_json_is_skipped()
    {
        byte[] body = [0xEF, 0xBB, 0xBF, .. "{\"appid\":5}"u8];
        Assert.Equal("5", ZegoCallbackBodyParser.ParseJson(body)["appid"]);
    }
}
