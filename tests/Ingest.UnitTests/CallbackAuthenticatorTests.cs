using System.Text;
using KafkaRooms.Ingest.Callbacks;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace KafkaRooms.Ingest.UnitTests;

public sealed class CallbackAuthenticatorTests
{
    // ZEGO's published vector: secret "secret", timestamp 1470820198, nonce 123412.
    private const string VectorSignature = "5bd59fd62953a8059fb7eaba95720f66d19e4517";
    private static readonly DateTimeOffset VectorTime = DateTimeOffset.FromUnixTimeSeconds(1470820198);

    private static CallbackAuthenticator Authenticator(DateTimeOffset now, bool allowUnsigned = false, string? nextSecret = null) => new(
        Options.Create(new ZegoOptions
        {
            Apps = { ["1"] = new ZegoAppOptions { CallbackSecret = "secret", NextCallbackSecret = nextSecret } },
            TimestampTolerance = TimeSpan.FromSeconds(300),
            AllowUnsignedCallbacks = allowUnsigned,
        }),
        new FakeTimeProvider(now));

    private static ZegoCallbackFields Fields(string body) => ZegoCallbackBodyParser.ParseJson(Encoding.UTF8.GetBytes(body));

    [Fact]
    public void The_published_vector_verifies()
    {
        var fields = Fields($$"""{"appid":1,"timestamp":1470820198,"nonce":"123412","signature":"{{VectorSignature}}"}""");
        Assert.Equal(CallbackAuthentication.Verified, Authenticator(VectorTime).Authenticate(1, fields));
    }

    [Fact]
    public void The_published_vector_verifies_from_a_form_body_with_string_timestamp()
    {
        var fields = ZegoCallbackBodyParser.ParseForm(Encoding.UTF8.GetBytes($"appid=1&timestamp=1470820198&nonce=123412&signature={VectorSignature}"));
        Assert.Equal(CallbackAuthentication.Verified, Authenticator(VectorTime.AddSeconds(-300)).Authenticate(1, fields));
    }

    [Theory]
    [InlineData("5BD59FD62953A8059FB7EABA95720F66D19E4517")]
    [InlineData("5bd59fd62953a8059fb7eaba95720f66D19E4517")]
    public void Uppercase_hex_digits_verify_because_the_case_of_a_hex_digit_carries_no_information(string signature)
    {
        var fields = Fields($$"""{"appid":1,"timestamp":1470820198,"nonce":"123412","signature":"{{signature}}"}""");
        Assert.Equal(CallbackAuthentication.Verified, Authenticator(VectorTime).Authenticate(1, fields));
    }

    [Fact]
    public void A_nonce_sent_as_a_json_number_is_signed_as_its_digits()
    {
        var fields = Fields($$"""{"appid":1,"timestamp":"1470820198","nonce":123412,"signature":"{{VectorSignature}}"}""");
        Assert.Equal(CallbackAuthentication.Verified, Authenticator(VectorTime).Authenticate(1, fields));
    }

    [Fact]
    public void During_a_rotation_the_current_and_the_next_secret_both_verify_and_are_told_apart()
    {
        var authenticator = Authenticator(VectorTime, nextSecret: "next-secret");
        var next = KafkaRooms.Rooms.Zego.ZegoSignature.Compute("next-secret", "1470820198", "123412");

        Assert.Equal(CallbackAuthentication.Verified, authenticator.Authenticate(1,
            Fields($$"""{"appid":1,"timestamp":1470820198,"nonce":"123412","signature":"{{VectorSignature}}"}""")));
        Assert.Equal(CallbackAuthentication.VerifiedWithNextSecret, authenticator.Authenticate(1,
            Fields($$"""{"appid":1,"timestamp":1470820198,"nonce":"123412","signature":"{{next}}"}""")));
        Assert.True(CallbackAuthentication.VerifiedWithNextSecret.IsAccepted());
    }

    [Fact]
    public void Without_a_next_secret_a_signature_made_with_it_is_a_mismatch()
    {
        var next = KafkaRooms.Rooms.Zego.ZegoSignature.Compute("next-secret", "1470820198", "123412");
        var fields = Fields($$"""{"appid":1,"timestamp":1470820198,"nonce":"123412","signature":"{{next}}"}""");
        Assert.Equal(CallbackAuthentication.SignatureMismatch, Authenticator(VectorTime).Authenticate(1, fields));
    }

    [Fact]
    public void The_next_secret_is_held_to_the_same_timestamp_tolerance()
    {
        var next = KafkaRooms.Rooms.Zego.ZegoSignature.Compute("next-secret", "1470820198", "123412");
        var fields = Fields($$"""{"appid":1,"timestamp":1470820198,"nonce":"123412","signature":"{{next}}"}""");
        Assert.Equal(CallbackAuthentication.TimestampOutOfTolerance,
            Authenticator(VectorTime.AddSeconds(301), nextSecret: "next-secret").Authenticate(1, fields));
    }

    [Theory]
    [InlineData("signature", "true")]
    [InlineData("signature", "null")]
    [InlineData("signature", "12")]
    [InlineData("timestamp", "false")]
    [InlineData("timestamp", "[1470820198]")]
    [InlineData("nonce", "{}")]
    public void Signature_parts_of_the_wrong_json_type_are_refused_naming_the_field(string field, string token)
    {
        var body = $$"""{"appid":1,"timestamp":1470820198,"nonce":"123412","signature":"{{VectorSignature}}"}""";
        body = body.Replace($"\"{field}\":", $"\"{field}\":{token},\"was_{field}\":", StringComparison.Ordinal);
        var ex = Assert.Throws<MalformedCallbackException>(() => Authenticator(VectorTime).Authenticate(1, Fields(body)));
        Assert.Equal(field, ex.Field);
    }

    [Theory]
    [InlineData("5bd59fd62953a8059fb7eaba95720f66d19e4518")] // last digit off
    [InlineData("5bd59fd62953a8059fb7eaba95720f66d19e451")] // truncated
    [InlineData("not-a-signature")]
    [InlineData("5bd59fd62953a8059fb7eaba95720f66d19e4517 ")] // trailing space
    [InlineData("zbd59fd62953a8059fb7eaba95720f66d19e4517")] // 40 characters, not all hex
    [InlineData("5bd59fd62953a8059fb7eaba95720f66d19e45175b")] // 42 hex digits
    public void A_wrong_signature_is_a_mismatch(string signature)
    {
        var fields = Fields($$"""{"appid":1,"timestamp":1470820198,"nonce":"123412","signature":"{{signature}}"}""");
        Assert.Equal(CallbackAuthentication.SignatureMismatch, Authenticator(VectorTime).Authenticate(1, fields));
    }

    [Fact]
    public void Another_nonce_breaks_the_signature()
    {
        var fields = Fields($$"""{"appid":1,"timestamp":1470820198,"nonce":"123413","signature":"{{VectorSignature}}"}""");
        Assert.Equal(CallbackAuthentication.SignatureMismatch, Authenticator(VectorTime).Authenticate(1, fields));
    }

    [Theory]
    [InlineData(301)]
    [InlineData(-301)]
    [InlineData(86400)]
    public void A_valid_signature_outside_the_tolerance_is_refused_as_a_replay(int offsetSeconds)
    {
        var fields = Fields($$"""{"appid":1,"timestamp":1470820198,"nonce":"123412","signature":"{{VectorSignature}}"}""");
        Assert.Equal(CallbackAuthentication.TimestampOutOfTolerance,
            Authenticator(VectorTime.AddSeconds(offsetSeconds)).Authenticate(1, fields));
    }

    [Fact]
    public void An_appid_without_a_secret_is_unknown()
    {
        var fields = Fields($$"""{"appid":2,"timestamp":1470820198,"nonce":"123412","signature":"{{VectorSignature}}"}""");
        Assert.Equal(CallbackAuthentication.UnknownApp, Authenticator(VectorTime).Authenticate(2, fields));
    }

    [Theory]
    [InlineData("""{"appid":1,"timestamp":1470820198,"nonce":"123412"}""")]
    [InlineData("""{"appid":1,"timestamp":1470820198,"nonce":"123412","signature":""}""")]
    [InlineData("""{"appid":1,"nonce":"123412","signature":"5bd59fd62953a8059fb7eaba95720f66d19e4517"}""")]
    [InlineData("""{"appid":1,"timestamp":1470820198,"signature":"5bd59fd62953a8059fb7eaba95720f66d19e4517"}""")]
    public void Missing_signature_parts_are_refused(string body) =>
        Assert.Equal(CallbackAuthentication.MissingSignature, Authenticator(VectorTime).Authenticate(1, Fields(body)));

    [Fact]
    public void A_non_integer_timestamp_is_refused()
    {
        var fields = Fields($$"""{"appid":1,"timestamp":"1470820198.0","nonce":"123412","signature":"{{VectorSignature}}"}""");
        Assert.Equal(CallbackAuthentication.InvalidTimestamp, Authenticator(VectorTime).Authenticate(1, fields));
    }

    [Fact]
    public void The_development_switch_admits_unsigned_callbacks_but_still_checks_signed_ones()
    {
        var authenticator = Authenticator(VectorTime, allowUnsigned: true);
        Assert.Equal(CallbackAuthentication.AcceptedUnsigned, authenticator.Authenticate(7, Fields("""{"appid":7}""")));
        var forged = Fields("""{"appid":1,"timestamp":1470820198,"nonce":"123412","signature":"0000000000000000000000000000000000000000"}""");
        Assert.Equal(CallbackAuthentication.SignatureMismatch, authenticator.Authenticate(1, forged));
        Assert.True(CallbackAuthentication.AcceptedUnsigned.IsAccepted());
        Assert.False(CallbackAuthentication.UnknownApp.IsAccepted());
    }
}
