using System.Security.Cryptography;
using System.Text;

namespace KafkaRooms.Rooms.Zego;

/// <summary>
/// ZEGO's callback signature: lowercase hex SHA-1 of {secret, timestamp, nonce} sorted
/// ordinally and concatenated.
/// </summary>
public static class ZegoSignature
{
    public static string Compute(string secret, string timestamp, string nonce)
    {
        string[] parts = [secret, timestamp, nonce];
        Array.Sort(parts, StringComparer.Ordinal);
        var hash = SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(parts)));
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>Compares in constant time, so the answer time tells nothing about the expected value.</summary>
    public static bool Verify(string secret, string timestamp, string nonce, string? signature)
    {
        if (signature is null)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Compute(secret, timestamp, nonce));
        var actual = Encoding.ASCII.GetBytes(signature.ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}
