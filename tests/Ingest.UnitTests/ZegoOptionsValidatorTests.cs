using KafkaRooms.Ingest.Callbacks;

namespace KafkaRooms.Ingest.UnitTests;

public sealed class ZegoOptionsValidatorTests
{
    private static readonly ZegoOptionsValidator Validator = new();

    [Fact]
    public void Accepts_numeric_appids_with_secrets() =>
        Assert.True(Validator.Validate(null, new ZegoOptions
        {
            Apps = { ["1"] = new() { CallbackSecret = "s1" }, ["4294967295"] = new() { CallbackSecret = "s2" } },
        }).Succeeded);

    [Fact]
    public void Names_a_bad_appid_key_and_an_empty_secret_without_echoing_secrets()
    {
        var result = Validator.Validate(null, new ZegoOptions
        {
            Apps = { ["prod"] = new() { CallbackSecret = "topsecret" }, ["2"] = new() { CallbackSecret = " " } },
        });
        Assert.True(result.Failed);
        Assert.Contains("Zego:Apps:prod", result.FailureMessage);
        Assert.Contains("Zego:Apps:2:CallbackSecret is empty", result.FailureMessage);
        Assert.DoesNotContain("topsecret", result.FailureMessage);
    }

    [Fact]
    public void No_app_at_all_is_refused_unless_unsigned_callbacks_are_allowed()
    {
        Assert.True(Validator.Validate(null, new ZegoOptions()).Failed);
        Assert.True(Validator.Validate(null, new ZegoOptions { AllowUnsignedCallbacks = true }).Succeeded);
    }

    [Fact]
    public void The_app_options_never_print_their_secrets()
    {
        var text = new ZegoAppOptions { CallbackSecret = "topsecret", NextCallbackSecret = "nextsecret" }.ToString();
        Assert.DoesNotContain("topsecret", text);
        Assert.DoesNotContain("nextsecret", text);
    }

    [Fact]
    public void A_next_secret_is_optional_but_never_empty()
    {
        Assert.True(Validator.Validate(null, new ZegoOptions
        {
            Apps = { ["1"] = new() { CallbackSecret = "s1", NextCallbackSecret = "s2" }, ["2"] = new() { CallbackSecret = "s3" } },
        }).Succeeded);

        var result = Validator.Validate(null, new ZegoOptions { Apps = { ["1"] = new() { CallbackSecret = "s1", NextCallbackSecret = " " } } });
        Assert.True(result.Failed);
        Assert.Contains("Zego:Apps:1:NextCallbackSecret is empty", result.FailureMessage);
        Assert.DoesNotContain("s1", result.FailureMessage.Replace("Zego:Apps:1", "", StringComparison.Ordinal));
    }
}
