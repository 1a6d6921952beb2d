namespace KafkaRooms.Testing.Redis;

/// <summary>Finds Debian's redis binaries on PATH, or says exactly what to install.</summary>
public static class RedisExecutables
{
    public static string Find(string name, string debianPackage, string? searchPath = null)
    {
        var path = searchPath ?? Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"{name} was not found on PATH, so the Redis integration tests cannot start their own server. " +
            $"Install it: `sudo apt-get install -y {debianPackage}` (or run `make setup`), " +
            "or point REDIS_URL at a Redis 7 you own.");
    }
}
