using System.Runtime.CompilerServices;
using KafkaRooms.Rooms.Redis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace KafkaRooms.Rooms.Reading;

/// <summary>
/// The change feed of apps' rooms for game servers (docs/change-feed.md): every visible change,
/// merged across buckets, resumable from an opaque cursor, on a single Redis or a Redis Cluster.
/// Keep ONE per process (a singleton): all its subscriptions to an app share one blocking read
/// per bucket group and one read of each change.
/// </summary>
public sealed class ChangeFeedReader : IAsyncDisposable
{
    private readonly IConnectionMultiplexer _redis;
    private readonly RoomKeySchema _keys;
    private readonly string _keyPrefix;
    private readonly ConfigurationOptions _connection;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<uint, FeedLease> _feeds = [];
    private bool _disposed;

    public ChangeFeedReader(IConnectionMultiplexer redis, IOptions<RoomStateOptions> options, ILogger<ChangeFeedReader>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(options);
        _redis = redis;
        _keys = new RoomKeySchema(options.Value.KeyPrefix, options.Value.BucketCount);
        _keyPrefix = options.Value.KeyPrefix;
        _connection = ConfigurationOptions.Parse(options.Value.Redis);
        _logger = logger ?? NullLogger<ChangeFeedReader>.Instance;
    }

    /// <summary>
    /// Opens a subscription: checks the start (a malformed cursor, or one of another app or bucket
    /// count, throws <see cref="InvalidChangeCursorException"/>; a cursor whose changes are no longer retained
    /// throws <see cref="ChangeCursorExpiredException"/>) and joins the app's shared feed.
    /// </summary>
    public async Task<ChangeSubscription> OpenAsync(uint appId, ChangeFeedStart start, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(start);
        var from = start.Cursor is null ? null : Parse(appId, start.Cursor);
        var db = _redis.GetDatabase();
        if (from is not null)
        {
            await CheckRetainedAsync(db, appId, from, cancellationToken).ConfigureAwait(false);
        }

        var lease = Acquire(appId);
        ChangeSubscription? subscription = null;
        try
        {
            var feed = await lease.Feed.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (from is not null)
            {
                await feed.CatchUpToAsync(from, cancellationToken).ConfigureAwait(false);
            }

            subscription = new ChangeSubscription(feed, db, from ?? new StreamEntryId[_keys.BucketCount], start.Earliest, () => Release(lease));
            subscription.Attach(now: from is null && !start.Earliest);
            return subscription;
        }
        catch
        {
            if (subscription is not null)
            {
                await subscription.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                Release(lease);
            }

            throw;
        }
    }

    /// <summary>The changes of an app from <paramref name="start"/> on, until cancelled (<see cref="OpenAsync"/>, then <see cref="ChangeSubscription.ReadAllAsync"/>).</summary>
    public async IAsyncEnumerable<RoomChange> ReadChangesAsync(
        uint appId, ChangeFeedStart start, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var subscription = await OpenAsync(appId, start, cancellationToken).ConfigureAwait(false);
        await foreach (var change in subscription.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return change;
        }
    }

    private StreamEntryId[] Parse(uint appId, string cursor)
    {
        if (!ChangeCursor.TryParse(cursor, out var parsed))
        {
            throw new InvalidChangeCursorException();
        }

        if (parsed!.AppId != appId)
        {
            throw new InvalidChangeCursorException($"belongs to app {parsed.AppId}, not {appId}");
        }

        return parsed.Positions.Length == _keys.BucketCount
            ? parsed.Positions
            : throw new InvalidChangeCursorException($"has {parsed.Positions.Length} buckets; this state has {_keys.BucketCount}");
    }

    // Every bucket still holds everything after the cursor, or the cursor is refused before anything is read.
    private async Task CheckRetainedAsync(IDatabaseAsync db, uint appId, StreamEntryId[] positions, CancellationToken cancellationToken)
    {
        var reads = await Task.WhenAll(positions.Select((position, bucket) =>
            ChangeStreamRead.ReadAsync(db, bucket, _keys.Changes(appId, bucket), position, null, 0)))
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        for (var bucket = 0; bucket < reads.Length; bucket++)
        {
            if (!reads[bucket].Retains(positions[bucket]))
            {
                throw ChangeCursorExpiredException.OfBucket(bucket, positions[bucket], reads[bucket]);
            }
        }
    }

    private FeedLease Acquire(uint appId)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_feeds.TryGetValue(appId, out var lease) || lease.IsBroken)
            {
                lease = new FeedLease(appId, AppChangeFeed.StartAsync(_redis, _keys, appId, _logger, RunWakeupAsync));
                _feeds[appId] = lease;
            }

            lease.Users++;
            return lease;
        }
    }

    private void Release(FeedLease lease)
    {
        lock (_gate)
        {
            if (--lease.Users > 0)
            {
                return;
            }

            if (_feeds.TryGetValue(lease.AppId, out var current) && current == lease)
            {
                _feeds.Remove(lease.AppId);
            }
        }

        // The last reader of the app left: its blocking reads stop.
        _ = lease.StopAsync();
    }

    private Task RunWakeupAsync(AppChangeFeed feed, int[] buckets, CancellationToken stop) =>
        new ChangeFeedWakeup(feed, buckets, _redis, _connection, _keyPrefix, _logger).RunAsync(stop);

    public async ValueTask DisposeAsync()
    {
        List<FeedLease> leases;
        lock (_gate)
        {
            _disposed = true;
            leases = [.. _feeds.Values];
            _feeds.Clear();
        }

        await Task.WhenAll(leases.Select(lease => lease.StopAsync())).ConfigureAwait(false);
    }

    /// <summary>An app's shared feed (starting or started) and how many subscriptions use it.</summary>
    private sealed class FeedLease(uint appId, Task<AppChangeFeed> feed)
    {
        public uint AppId { get; } = appId;

        public Task<AppChangeFeed> Feed { get; } = feed;

        public int Users { get; set; }

        // A feed that failed to start, or lost changes, is replaced for new subscriptions.
        public bool IsBroken => Feed.IsFaulted || Feed.IsCanceled || (Feed.IsCompletedSuccessfully && Feed.Result.IsFailed);

        public async Task StopAsync()
        {
            try
            {
                await (await Feed.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // It never started: nothing to stop.
            }
        }
    }
}
