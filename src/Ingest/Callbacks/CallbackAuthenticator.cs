using System.Collections.Frozen;
using System.Globalization;
using KafkaRooms.Rooms.Zego;
using Microsoft.Extensions.Options;

namespace KafkaRooms.Ingest.Callbacks;

/// <summary>
/// Checks ZEGO's signature with the secret of the callback's appid, and that the signed
/// timestamp is recent, so a captured callback cannot be replayed later.
/// </summary>
internal sealed class CallbackAuthenticator
{
    private readonly FrozenDictionary<uint, string> _secrets;
    private readonly TimeSpan _tolerance;
    private readonly bool _allowUnsigned;
    private readonly TimeProvider _time;

    public CallbackAuthenticator(IOptions<ZegoOptions> options, TimeProvider time)
    {
        var zego = options.Value;
        _secrets = zego.Apps.ToFrozenDictionary(
            app => uint.Parse(app.Key, NumberStyles.None, CultureInfo.InvariantCulture),
            app => app.Value.CallbackSecret);
        _tolerance = zego.TimestampTolerance;
        _allowUnsigned = zego.AllowUnsignedCallbacks;
        _time = time;
    }

    public CallbackAuthentication Authenticate(uint appId, ZegoCallbackFields fields)
    {
        var signature = fields["signature"];
        var timestamp = fields["timestamp"];
        var nonce = fields["nonce"];
        if (string.IsNullOrEmpty(signature))
        {
            return _allowUnsigned ? CallbackAuthentication.AcceptedUnsigned : CallbackAuthentication.MissingSignature;
        }

        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(nonce))
        {
            return CallbackAuthentication.MissingSignature;
        }

        if (!_secrets.TryGetValue(appId, out var secret))
        {
            return CallbackAuthentication.UnknownApp;
        }

        if (!long.TryParse(timestamp, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds))
        {
            return CallbackAuthentication.InvalidTimestamp;
        }

        // Verify before judging the time, so an attacker learns nothing from which check failed.
        if (!ZegoSignature.Verify(secret, timestamp, nonce, signature))
        {
            return CallbackAuthentication.SignatureMismatch;
        }

        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        var tolerance = (long)_tolerance.TotalSeconds;
        return seconds < now - tolerance || seconds > now + tolerance
            ? CallbackAuthentication.TimestampOutOfTolerance
            : CallbackAuthentication.Verified;
    }
}
