using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace KafkaRooms.Rooms.Redis;

/// <summary>
/// A script called by its SHA1 (EVALSHA), whose text is sent only when a server answers NOSCRIPT
/// (a restart, SCRIPT FLUSH, a cluster node that has not seen it yet).
/// </summary>
/// <remarks>
/// <see cref="IDatabaseAsync.ScriptEvaluateAsync(string, RedisKey[], RedisValue[], CommandFlags)"/>
/// with the text looks the text up in a per-server table on every call, hashing all of it (the
/// batched rule script is some 10 kB): a few per cent of the Worker's CPU at a trickle
/// (docs/benchmarks.md). The SHA is computed once here; the text path (which loads the script on
/// the server that answered NOSCRIPT and retries) is taken only after such an answer.
/// </remarks>
internal sealed class ScriptBySha
{
    private readonly string _text;
    private readonly byte[] _sha1;

    public ScriptBySha(string text)
    {
        _text = text;
        _sha1 = SHA1.HashData(Encoding.UTF8.GetBytes(text));
        Sha1HexAscii = Encoding.ASCII.GetBytes(Sha1Hex);
    }

    /// <summary><see cref="Sha1Hex"/> as the bytes an EVALSHA sends.</summary>
    public byte[] Sha1HexAscii { get; }

    /// <summary>The SHA1 Redis knows the script by, as lowercase hex.</summary>
    public string Sha1Hex => Convert.ToHexStringLower(_sha1);

    /// <summary>
    /// EVALSHA on <paramref name="sender"/> (a database or a batch); on NOSCRIPT the text goes
    /// through <paramref name="database"/>, which loads it on that server and calls it again.
    /// </summary>
    public async Task<RedisResult> EvaluateAsync(IDatabaseAsync sender, IDatabaseAsync database, RedisKey[] keys, RedisValue[] args)
    {
        try
        {
            return await sender.ScriptEvaluateAsync(_sha1, keys, args).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            return await database.ScriptEvaluateAsync(_text, keys, args).ConfigureAwait(false);
        }
    }
}
