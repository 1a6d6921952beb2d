using StackExchange.Redis;

namespace KafkaRooms.Rooms.Redis;

/// <summary>
/// Whether a path over the store's own connections (inline, pipelined) may be tried: never with
/// TLS, which they do not speak, and not for <see cref="RestAfterFailure"/> after one of its
/// connections broke or went silent; meanwhile the usual StackExchange.Redis path does the work.
/// </summary>
internal sealed class OwnConnectionPath(IConnectionMultiplexer redis, TimeProvider timeProvider)
{
    public static readonly TimeSpan RestAfterFailure = TimeSpan.FromSeconds(5);

    private readonly Lazy<ConfigurationOptions> _options = new(() => ConfigurationOptions.Parse(redis.Configuration));
    private long _restUntil;

    /// <summary>The multiplexer's settings (user, password, database) the connections log in with.</summary>
    public ConfigurationOptions Options => _options.Value;

    public bool Ready => timeProvider.GetTimestamp() >= Volatile.Read(ref _restUntil) && !Options.Ssl;

    /// <summary>A connection failed: not tried again for <see cref="RestAfterFailure"/>.</summary>
    public void Rest() =>
        Volatile.Write(ref _restUntil, timeProvider.GetTimestamp() + (long)(RestAfterFailure.TotalSeconds * timeProvider.TimestampFrequency));
}
