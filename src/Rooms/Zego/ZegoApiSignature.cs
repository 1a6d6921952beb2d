using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace KafkaRooms.Rooms.Zego;

/// <summary>
/// ZEGO's server-API request signature (signature version 2.0): lowercase hex MD5 of AppId,
/// SignatureNonce, ServerSecret and Timestamp (Unix seconds) concatenated as decimal/plain strings
/// (docs/reconciliation.md, "Calling ZEGO"). The server secret is not the callback secret.
/// </summary>
public static class ZegoApiSignature
{
    public const string Version = "2.0";

    private const int HashBytes = 16;

    /// <summary>A fresh SignatureNonce: 16 hex digits (8 random bytes).</summary>
    public static string NewNonce() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    public static string Compute(uint appId, string nonce, string serverSecret, long timestampSeconds) =>
        Convert.ToHexStringLower(Hash(appId, nonce, serverSecret, timestampSeconds));

    /// <summary>True when <paramref name="signature"/> is 32 hex digits whose bytes equal the expected hash, compared in constant time.</summary>
    public static bool Verify(uint appId, string nonce, string serverSecret, long timestampSeconds, string? signature)
    {
        Span<byte> actual = stackalloc byte[HashBytes];
        if (signature is not { Length: HashBytes * 2 }
            || Convert.FromHexString(signature, actual, out _, out var written) != OperationStatus.Done
            || written != HashBytes)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Hash(appId, nonce, serverSecret, timestampSeconds), actual);
    }

    private static byte[] Hash(uint appId, string nonce, string serverSecret, long timestampSeconds) =>
        MD5.HashData(Encoding.UTF8.GetBytes(string.Concat(
            appId.ToString(CultureInfo.InvariantCulture), nonce, serverSecret, timestampSeconds.ToString(CultureInfo.InvariantCulture))));
}
