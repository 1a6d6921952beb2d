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

    /// <summary>Secret, timestamp and nonce up to this many characters together are hashed from the stack.</summary>
    private const int StackLimit = 256;

    /// <summary>The signature as ZEGO writes it: 40 lowercase hex digits.</summary>
    public static string Compute(string secret, string timestamp, string nonce)
    {
        Span<byte> hash = stackalloc byte[HashBytes];
        Hash(secret, timestamp, nonce, hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>
    /// True when <paramref name="signature"/> is 40 hex digits (either case) whose bytes equal the
    /// expected hash. The bytes are compared in constant time, so the answer time tells nothing
    /// about the expected value. Nothing is allocated: every callback is verified.
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

        Span<byte> expected = stackalloc byte[HashBytes];
        Hash(secret, timestamp, nonce, expected);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    private static void Hash(string secret, string timestamp, string nonce, Span<byte> hash)
    {
        // The three parts in ordinal order, concatenated, then encoded as UTF-8 in one piece (as
        // string.Concat and Encoding.UTF8.GetBytes would), from the stack when they are short.
        var (first, second, third) = Sorted(secret, timestamp, nonce);
        var chars = first.Length + second.Length + third.Length;
        char[]? rentedChars = null;
        byte[]? rentedBytes = null;
        var text = chars <= StackLimit ? stackalloc char[StackLimit] : (rentedChars = ArrayPool<char>.Shared.Rent(chars));
        first.CopyTo(text);
        second.CopyTo(text[first.Length..]);
        third.CopyTo(text[(first.Length + second.Length)..]);
        var maxBytes = Encoding.UTF8.GetMaxByteCount(chars);
        var bytes = maxBytes <= (StackLimit + 1) * 3 ? stackalloc byte[(StackLimit + 1) * 3] : (rentedBytes = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            var length = Encoding.UTF8.GetBytes(text[..chars], bytes);
            SHA1.HashData(bytes[..length], hash);
        }
        finally
        {
            if (rentedChars is not null)
            {
                ArrayPool<char>.Shared.Return(rentedChars);
            }

            if (rentedBytes is not null)
            {
                ArrayPool<byte>.Shared.Return(rentedBytes);
            }
        }
    }

    private static (string, string, string) Sorted(string a, string b, string c)
    {
        if (string.CompareOrdinal(a, b) > 0)
        {
            (a, b) = (b, a);
        }

        if (string.CompareOrdinal(b, c) > 0)
        {
            (b, c) = (c, b);
        }

        if (string.CompareOrdinal(a, b) > 0)
        {
            (a, b) = (b, a);
        }

        return (a, b, c);
    }
}
