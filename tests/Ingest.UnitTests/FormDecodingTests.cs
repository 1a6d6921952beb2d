using System.Text;
using KafkaRooms.Ingest.Callbacks;

namespace KafkaRooms.Ingest.UnitTests;

public sealed class FormDecodingTests
{
    private static string Decode(string encoded, string field = "room_id") => FormDecoding.Decode(Encoding.UTF8.GetBytes(encoded), field);

    [Theory]
    [InlineData("a%2Bb%25", "a+b%")] // the reference's own example
    [InlineData("a+b", "a b")]
    [InlineData("%E4%BD%A0%E5%A5%BD", "你好")]
    [InlineData("%7Broom%7D%3A1%2F2", "{room}:1/2")]
    [InlineData("%2525", "%25")] // decoded once, not twice
    [InlineData("plain_id-1", "plain_id-1")]
    [InlineData("", "")]
    [InlineData("你好", "你好")] // already-unescaped non-ASCII passes through
    public void Decodes_form_style_exactly_once(string encoded, string expected) =>
        Assert.Equal(expected, Decode(encoded));

    [Theory]
    [InlineData("100%")]
    [InlineData("a%2")]
    [InlineData("a%G1")]
    public void Refuses_a_malformed_escape_naming_the_field(string encoded)
    {
        var ex = Assert.Throws<MalformedCallbackException>(() => Decode(encoded));
        Assert.Equal("room_id", ex.Field);
    }

    [Theory]
    [InlineData("%FF")]
    [InlineData("%C3")]
    [InlineData("%C0%AF")] // an overlong encoding of '/'
    [InlineData("%ED%A0%80")] // an encoded UTF-16 surrogate is not UTF-8
    public void Refuses_bytes_that_are_not_utf8(string encoded)
    {
        var ex = Assert.Throws<MalformedCallbackException>(() => Decode(encoded, "user_account"));
        Assert.Equal("user_account", ex.Field);
        Assert.Contains("UTF-8", ex.Problem);
    }

    [Fact]
    public void Refuses_raw_bytes_that_are_not_utf8_without_any_escape()
    {
        var ex = Assert.Throws<MalformedCallbackException>(() => FormDecoding.Decode([0x61, 0xFF], "room_id"));
        Assert.Equal("room_id", ex.Field);
    }

    [Theory]
    [InlineData("100%", "100%")]
    [InlineData("a%2", "a%2")]
    [InlineData("50%+off%21", "50% off!")]
    [InlineData("%FF%41", "\uFFFDA")]
    [InlineData("%E4%BD", "\uFFFD")]
    public void Leniently_keeps_malformed_escapes_and_replaces_bytes_that_are_not_utf8(string encoded, string expected)
    {
        Assert.Equal(expected, FormDecoding.DecodeLeniently(Encoding.UTF8.GetBytes(encoded), out var repaired));
        Assert.True(repaired);
    }

    [Theory]
    [InlineData("a%2Bb%25", "a+b%")]
    [InlineData("nick+name", "nick name")]
    [InlineData("", "")]
    public void Leniently_decodes_a_well_formed_value_like_the_strict_decoder_and_reports_no_repair(string encoded, string expected)
    {
        Assert.Equal(expected, FormDecoding.DecodeLeniently(Encoding.UTF8.GetBytes(encoded), out var repaired));
        Assert.False(repaired);
    }
}
