namespace KafkaRooms.Ingest.Callbacks;

/// <summary>The result of checking a callback's signature; every value but the first three is a 401.</summary>
internal enum CallbackAuthentication
{
    Verified,
    /// <summary>Signed with the app's next secret (a rotation is under way).</summary>
    VerifiedWithNextSecret,
    /// <summary>No signature, accepted because the development switch is on.</summary>
    AcceptedUnsigned,
    MissingSignature,
    UnknownApp,
    InvalidTimestamp,
    TimestampOutOfTolerance,
    SignatureMismatch,
}

internal static class CallbackAuthenticationExtensions
{
    public static bool IsAccepted(this CallbackAuthentication result) =>
        result is CallbackAuthentication.Verified or CallbackAuthentication.VerifiedWithNextSecret or CallbackAuthentication.AcceptedUnsigned;

    /// <summary>Metric tag and problem text; neither says anything about the expected signature.</summary>
    public static (string Reason, string Detail) Describe(this CallbackAuthentication result) => result switch
    {
        CallbackAuthentication.MissingSignature => ("missing", "the callback carries no signature, timestamp or nonce"),
        CallbackAuthentication.UnknownApp => ("unknown_app", "no callback secret is configured for this appid"),
        CallbackAuthentication.InvalidTimestamp => ("timestamp", "timestamp must be integer Unix seconds"),
        CallbackAuthentication.TimestampOutOfTolerance => ("timestamp", "timestamp is outside the accepted tolerance (replayed or clock off)"),
        _ => ("mismatch", "the signature does not match"),
    };
}
