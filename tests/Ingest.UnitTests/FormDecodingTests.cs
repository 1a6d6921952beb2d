using KafkaRooms.Ingest.Callbacks;

namespace KafkaRooms.Ingest.UnitTests;

public sealed class FormDecodingTests
{
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
        Assert.Equal(expected, FormDecoding.Decode(encoded, "room_id"));

    [Theory]
    [InlineData("100%")]
    [InlineData("a%2")]
    [InlineData("a%G1")]
    public void Refuses_a_malformed_escape_naming_the_field(string encoded)
    {
        var ex = Assert.Throws<MalformedCallbackException>(() => FormDecoding.Decode(encoded, "room_id"));
        Assert.Equal("room_id", ex.Field);
    }

    [Theory]
    [InlineData("%FF")]
    [InlineData("%C3")]
    [InlineData("%ED%A0%80")] // an encoded UTF-16 surrogate is not UTF-8
    public void Refuses_bytes_that_are_not_utf8(string encoded)
    {
        var ex = Assert.Throws<MalformedCallbackException>(() => FormDecoding.Decode(encoded, "user_account"));
        Assert.Equal("user_account", ex.Field);
        Assert.Contains("UTF-8", ex.Problem);
    }
}
