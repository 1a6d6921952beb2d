using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace KafkaRooms.Rooms.Zego;

/// <summary>
/// ZEGO's callback signature: hex SHA-1 of {secret, timestamp, nonce} sorted ordinally and
/// concatenated. ZEGO writes lowercase hex; <see cref="Verify"/> accepts either case, because the
/// case of a hex digit carries no information (docs/ingest-api.md, "Signature").
/// </summary>
public static class ZegoSignature
{
    private const int HashBytes = 20;

    /// <summary>The signature as ZEGO writes it: 40 lowercase hex digits.</summary>
    public static string Compute(string secret, string timestamp, string nonce) =>
        Convert.ToHexStringLower(Hash(secret, timestamp, nonce));

    /// <summary>
    /// True when <paramref name="signature"/> is 40 hex digits (either case) whose bytes equal the
    /// expected hash. The bytes are compared in constant time, so the answer time tells nothing
    /// about the expected value.
    /// </summary>
    public static bool Verify(string secret, string timestamp, string nonce, string? signature)
    {
        Span<byte> actual = stackalloc byte[HashBytes];
        if (signature is not { Length: HashBytes * 2 }
            || Convert.FromHexString(signature, actual, out _, out var written) != OperationStatus.Done
            || written != HashBytes)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Hash(secret, timestamp, nonce), actual);
    }

    private static byte[] Hash(string secret, string timestamp, string nonce)
    {
        string[] parts = [secret, timestamp, nonce];
        Array.Sort(parts, StringComparer.Ordinal);
        return SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(parts)));
    }
}
