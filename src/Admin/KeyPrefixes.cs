using StackExchange.Redis;

namespace KafkaRooms.Admin;

/// <summary>
/// Whole key prefixes, for the admin tool only (readers never scan, docs/redis-schema.md): whether
/// a prefix holds any key on any primary, and deleting a scratch prefix after an audit.
/// </summary>
internal static class KeyPrefixes
{
    private const int PageSize = 1000;

    public static async Task<bool> HoldsKeysAsync(IConnectionMultiplexer redis, string prefix)
    {
        foreach (var server in Primaries(redis))
        {
            await foreach (var _ in server.KeysAsync(pattern: Pattern(prefix), pageSize: PageSize).ConfigureAwait(false))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Deletes every key under <paramref name="prefix"/>; returns how many.</summary>
    public static async Task<long> DeleteAsync(IConnectionMultiplexer redis, string prefix)
    {
        var db = redis.GetDatabase();
        long deleted = 0;
        foreach (var server in Primaries(redis))
        {
            var pending = new List<Task<bool>>(PageSize);
            await foreach (var key in server.KeysAsync(pattern: Pattern(prefix), pageSize: PageSize).ConfigureAwait(false))
            {
                // One key per call: keys of several slots cannot share a command on a cluster.
                pending.Add(db.KeyDeleteAsync(key));
                if (pending.Count == PageSize)
                {
                    deleted += (await Task.WhenAll(pending).ConfigureAwait(false)).Count(d => d);
                    pending.Clear();
                }
            }

            deleted += (await Task.WhenAll(pending).ConfigureAwait(false)).Count(d => d);
        }

        return deleted;
    }

    private static IEnumerable<IServer> Primaries(IConnectionMultiplexer redis) => redis.GetServers().Where(s => !s.IsReplica);

    // Prefixes are letters, digits and _ . - (RoomStateOptions.KeyPrefix): nothing a glob would read as a pattern.
    private static string Pattern(string prefix) => prefix + ":*";
}
