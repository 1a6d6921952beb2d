using System.Security.Cryptography;
using System.Text;
using KafkaRooms.Rooms.Zego;

namespace KafkaRooms.Rooms.UnitTests.Zego;

public sealed class ZegoSignatureTests
{
    /// <summary>The definition, spelled out: hex SHA-1 of the three parts sorted ordinally and concatenated as UTF-8.</summary>
    private static string Reference(string secret, string timestamp, string nonce)
    {
        string[] parts = [secret, timestamp, nonce];
        Array.Sort(parts, StringComparer.Ordinal);
        return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(parts))));
    }

    [Theory]
    [InlineData("secret", "1470820198", "123412")]
    [InlineData("zzz", "1470820198", "AAA")]
    [InlineData("秘密-ключ", "1700000000", "nonce with spaces")]
    [InlineData("", "", "")]
    public void The_signature_is_the_hash_of_the_sorted_parts(string secret, string timestamp, string nonce)
    {
        Assert.Equal(Reference(secret, timestamp, nonce), ZegoSignature.Compute(secret, timestamp, nonce));
        Assert.True(ZegoSignature.Verify(secret, timestamp, nonce, Reference(secret, timestamp, nonce)));
    }

    [Fact]
    public void The_published_vector_matches()
    {
        Assert.Equal("5bd59fd62953a8059fb7eaba95720f66d19e4517", ZegoSignature.Compute("secret", "1470820198", "123412"));
    }

    [Fact]
    public void Parts_too_long_for_the_stack_are_hashed_alike()
    {
        var secret = new string('s', 300) + "é";
        var nonce = new string('n', 2000);
        Assert.Equal(Reference(secret, "1470820198", nonce), ZegoSignature.Compute(secret, "1470820198", nonce));
        Assert.True(ZegoSignature.Verify(secret, "1470820198", nonce, Reference(secret, "1470820198", nonce).ToUpperInvariant()));
    }

    [Fact]
    public void A_surrogate_pair_split_across_two_parts_is_encoded_as_one_character()
    {
        // As string.Concat then one UTF-8 encoding would: the pair joins across the boundary.
        const string high = "a\uD83D";
        const string low = "\uDE00b";
        Assert.Equal(Reference(high, low, "z"), ZegoSignature.Compute(high, low, "z"));
    }

    [Theory]
    [InlineData("5bd59fd62953a8059fb7eaba95720f66d19e4516")]
    [InlineData("5bd59fd62953a8059fb7eaba95720f66d19e451")]
    [InlineData("5bd59fd62953a8059fb7eaba95720f66d19e45170")]
    [InlineData("W9Wf1ilTqAWft+q6lXIPZtGeRRc=")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_but_the_40_hex_digits_of_the_hash_is_refused(string? signature)
    {
        Assert.False(ZegoSignature.Verify("secret", "1470820198", "123412", signature));
    }
}
