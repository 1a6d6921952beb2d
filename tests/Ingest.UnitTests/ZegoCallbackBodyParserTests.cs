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
        var fields = Json("""{"appid":1,"room_session_id":18446744073709551615,"other":858012925204410400,"exp":1e3}""");
        Assert.Equal("1", fields.Scalar("appid"));
        Assert.Equal("18446744073709551615", fields.Scalar("room_session_id"));
        Assert.Equal("858012925204410400", fields.Scalar("other"));
        Assert.Equal("1e3", fields.Scalar("exp"));
    }

    [Fact]
    public void Json_string_values_are_url_decoded_once_after_json_unescaping()
    {
        var fields = Json("""{"room_id":"a%2Bb%25","id_name":"x+y","nick":"\u0025E4\u0025BD\u0025A0","literal":"%2525"}""");
        Assert.Equal("a+b%", fields.Text("room_id"));
        Assert.Equal("x y", fields.Text("id_name"));
        Assert.Equal("你", fields.Text("nick"));
        Assert.Equal("%25", fields.Text("literal"));
    }

    [Theory]
    [InlineData("true", "a boolean")]
    [InlineData("false", "a boolean")]
    [InlineData("null", "null")]
    [InlineData("123", "a number")]
    [InlineData("[\"r\"]", "an object or array")]
    [InlineData("{\"id\":\"r\"}", "an object or array")]
    public void A_string_field_holding_another_json_type_is_refused_naming_it(string token, string described)
    {
        var fields = Json($$"""{"room_id":{{token}},"other":1}""");
        var ex = Assert.Throws<MalformedCallbackException>(() => fields.Text("room_id"));
        Assert.Equal("room_id", ex.Field);
        Assert.Equal($"must be a string, not {described}", ex.Problem);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("null")]
    [InlineData("[1]")]
    [InlineData("{}")]
    public void A_number_field_holding_a_boolean_null_or_structure_is_refused_naming_it(string token)
    {
        var fields = Json($$"""{"room_session_id":{{token}}}""");
        Assert.Equal("room_session_id", Assert.Throws<MalformedCallbackException>(() => fields.Scalar("room_session_id")).Field);
        Assert.Equal("room_session_id", Assert.Throws<MalformedCallbackException>(() => fields.Informational("room_session_id", out _)).Field);
    }

    [Fact]
    public void Fields_nobody_reads_may_hold_anything_and_an_absent_field_is_null()
    {
        var fields = Json("""{"a":null,"b":{"c":[1,2,{"d":3}]},"e":true,"f":"g","bad_escape":"100%"}""");
        Assert.Equal(5, fields.Count);
        Assert.Equal("g", fields.Text("f"));
        Assert.Null(fields.Text("absent"));
        Assert.Null(fields.Scalar("absent"));
        Assert.Null(fields.Informational("absent", out var repaired));
        Assert.False(repaired);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("[]")]
    [InlineData("\"room\"")]
    [InlineData("null")]
    [InlineData("{\"a\":1")]
    [InlineData("{\"a\":1,}")]
    [InlineData("{\"a\":1} {}")]
    [InlineData("{\"a\":01}")]
    [InlineData("{'a':1}")]
    [InlineData("{\"a\":NaN}")]
    [InlineData("{\"a\":1 /* comment */}")]
    [InlineData("{\"a\":\"raw\ttab\"}")]
    public void Malformed_json_is_refused_without_naming_a_field(string body)
    {
        var ex = Assert.Throws<MalformedCallbackException>(() => Json(body));
        Assert.Null(ex.Field);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_refused()
    {
        var shallow = "{\"x\":" + new string('[', ZegoCallbackBodyParser.MaxDepth - 1) + new string(']', ZegoCallbackBodyParser.MaxDepth - 1) + "}";
        var deep = "{\"x\":" + new string('[', ZegoCallbackBodyParser.MaxDepth) + new string(']', ZegoCallbackBodyParser.MaxDepth) + "}";
        Assert.Equal(1, Json(shallow).Count);
        Assert.Null(Assert.Throws<MalformedCallbackException>(() => Json(deep)).Field);
    }

    [Fact]
    public void Invalid_utf8_in_a_json_string_is_refused_naming_the_field()
    {
        byte[] body = [.. "{\"room_id\":\""u8, 0xFF, 0xFE, .. "\"}"u8];
        Assert.Equal("room_id", Assert.Throws<MalformedCallbackException>(() => ZegoCallbackBodyParser.ParseJson(body)).Field);
    }

    [Fact]
    public void A_lone_surrogate_escape_is_refused_naming_the_field() =>
        Assert.Equal("user_account", Assert.Throws<MalformedCallbackException>(() => Json("""{"user_account":"\ud800"}""")).Field);

    [Fact]
    public void A_repeated_field_is_refused_in_json_and_form_even_when_spelled_with_escapes()
    {
        Assert.Equal("room_id", Assert.Throws<MalformedCallbackException>(() => Json("""{"room_id":"a","room_id":"b"}""")).Field);
        Assert.Equal("room_id", Assert.Throws<MalformedCallbackException>(() => Json("""{"room_id":"a","room\u005fid":"b"}""")).Field);
        Assert.Equal("room_id", Assert.Throws<MalformedCallbackException>(() => Form("room_id=a&room_id=b")).Field);
        Assert.Equal("room_id", Assert.Throws<MalformedCallbackException>(() => Form("room_id=a&room%5Fid=b")).Field);
    }

    [Fact]
    public void A_repeated_name_is_named_cleaned_so_it_cannot_forge_a_log_line()
    {
        var name = "x\nFAKE LOG LINE" + new string('y', 100);
        var ex = Assert.Throws<MalformedCallbackException>(() => Json($$"""{"{{name.Replace("\n", "\\n", StringComparison.Ordinal)}}":1,"{{name.Replace("\n", "\\n", StringComparison.Ordinal)}}":2}"""));
        Assert.Equal("x\uFFFDFAKE LOG LINE" + new string('y', 64 - 17), ex.Field);
    }

    [Fact]
    public void Form_names_are_decoded_and_values_are_decoded_once_when_read()
    {
        var fields = Form("event=room_create&room_id=a%2Bb%25&id_name=x+y&room_session_id=18446744073709551615&flag&&empty=");
        Assert.Equal("room_create", fields.Text("event"));
        Assert.Equal("a+b%", fields.Text("room_id"));
        Assert.Equal("x y", fields.Text("id_name"));
        Assert.Equal("18446744073709551615", fields.Scalar("room_session_id"));
        Assert.Equal("", fields.Text("flag"));
        Assert.Equal("", fields.Text("empty"));
    }

    [Fact]
    public void A_form_value_with_a_broken_escape_names_its_field_when_read_and_only_then()
    {
        var fields = Form("event=room_create&room_id=50%");
        Assert.Equal("room_create", fields.Text("event"));
        Assert.Equal("room_id", Assert.Throws<MalformedCallbackException>(() => fields.Text("room_id")).Field);
    }

    [Fact]
    public void Informational_values_are_repaired_not_refused()
    {
        var fields = Json("""{"user_nickname":"50%","user_role":2,"reason":"%FF"}""");
        Assert.Equal("50%", fields.Informational("user_nickname", out var nicknameRepaired));
        Assert.True(nicknameRepaired);
        Assert.Equal("2", fields.Informational("user_role", out var roleRepaired));
        Assert.False(roleRepaired);
        Assert.Equal("\uFFFD", fields.Informational("reason", out var reasonRepaired));
        Assert.True(reasonRepaired);
    }

    [Fact]
    public void A_utf8_byte_order_mark_before_the_json_is_skipped()
    {
        byte[] body = [0xEF, 0xBB, 0xBF, .. "{\"appid\":5}"u8];
        Assert.Equal("5", ZegoCallbackBodyParser.ParseJson(body).Scalar("appid"));
    }

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
