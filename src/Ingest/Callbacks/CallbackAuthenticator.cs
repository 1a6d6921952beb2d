using System.Collections.Frozen;
using System.Globalization;
using KafkaRooms.Rooms.Zego;
using Microsoft.Extensions.Options;
using static KafkaRooms.Ingest.Callbacks.ZegoFieldNames;

namespace KafkaRooms.Ingest.Callbacks;

/// <summary>
/// Checks ZEGO's signature with the secret of the callback's appid (or, during a rotation, its
/// next secret), and that the signed timestamp is recent, so a captured callback cannot be
/// replayed later.
/// </summary>
internal sealed class CallbackAuthenticator
{
    private readonly FrozenDictionary<uint, (string Current, string? Next)> _secrets;
    private readonly TimeSpan _tolerance;
    private readonly bool _allowUnsigned;
    private readonly TimeProvider _time;

    public CallbackAuthenticator(IOptions<ZegoOptions> options, TimeProvider time)
    {
        var zego = options.Value;
        _secrets = zego.Apps.ToFrozenDictionary(
            app => uint.Parse(app.Key, NumberStyles.None, CultureInfo.InvariantCulture),
            app => (app.Value.CallbackSecret, app.Value.NextCallbackSecret));
        _tolerance = zego.TimestampTolerance;
        _allowUnsigned = zego.AllowUnsignedCallbacks;
        _time = time;
    }

    /// <exception cref="MalformedCallbackException">signature, timestamp or nonce is of the wrong JSON type.</exception>
    public CallbackAuthentication Authenticate(uint appId, ZegoCallbackFields fields)
    {
        var signature = fields.Text(Signature);
        var timestamp = fields.Scalar(Timestamp);
        var nonce = fields.Scalar(Nonce);
        if (string.IsNullOrEmpty(signature))
        {
            return _allowUnsigned ? CallbackAuthentication.AcceptedUnsigned : CallbackAuthentication.MissingSignature;
        }

        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(nonce))
        {
            return CallbackAuthentication.MissingSignature;
        }

        if (!_secrets.TryGetValue(appId, out var secrets))
        {
            return CallbackAuthentication.UnknownApp;
        }

        if (!long.TryParse(timestamp, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds))
        {
            return CallbackAuthentication.InvalidTimestamp;
        }

        // Verify before judging the time, so an attacker learns nothing from which check failed.
        // Both secrets are always checked, so the time taken does not say which one matched.
        var current = ZegoSignature.Verify(secrets.Current, timestamp, nonce, signature);
        var next = secrets.Next is { } nextSecret && ZegoSignature.Verify(nextSecret, timestamp, nonce, signature);
        if (!current && !next)
        {
            return CallbackAuthentication.SignatureMismatch;
        }

        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        var tolerance = (long)_tolerance.TotalSeconds;
        return seconds < now - tolerance || seconds > now + tolerance ? CallbackAuthentication.TimestampOutOfTolerance
            : current ? CallbackAuthentication.Verified
            : CallbackAuthentication.VerifiedWithNextSecret;
    }
}
