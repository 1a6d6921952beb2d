using KafkaRooms.Rooms.Redis;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace KafkaRooms.Rooms.Reading;

/// <summary>
/// The change feed of one app in this process: one position per bucket, advanced by reading the
/// buckets' streams when a blocking read (<see cref="ChangeFeedWakeup"/>) says they have more,
/// and every change fanned out to all subscriptions of the app. N subscribers cost one read of
/// each change, not N (docs/change-feed.md, "One reader per process").
/// </summary>
internal sealed class AppChangeFeed : IAsyncDisposable
{
    /// <summary>Entries read from one bucket at a time.</summary>
    public const int ReadCount = 512;

    private readonly IConnectionMultiplexer _redis;
    private readonly ILogger _logger;
    private readonly RedisKey[] _streams;
    private readonly StreamEntryId[] _positions;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _pumping = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private List<ChangeSubscription> _subscribers = [];
    private Task[] _wakeups = [];
    private Exception? _failure;
    private bool _disposed;

    private AppChangeFeed(IConnectionMultiplexer redis, ILogger logger, uint appId, RedisKey[] streams, StreamEntryId[] positions)
    {
        _redis = redis;
        _logger = logger;
        AppId = appId;
        _streams = streams;
        _positions = positions;
    }

    public uint AppId { get; }

    public int BucketCount => _streams.Length;

    /// <summary>Whether the feed found changes it had not read trimmed away, or lost; a new one must start.</summary>
    public bool IsFailed
    {
        get
        {
            lock (_gate)
            {
                return _failure is not null;
            }
        }
    }

    public RedisKey StreamOf(int bucket) => _streams[bucket];

    /// <summary>Reads each bucket's end, then starts one blocking read per group of buckets (<paramref name="startWakeup"/>).</summary>
    public static async Task<AppChangeFeed> StartAsync(
        IConnectionMultiplexer redis, RoomKeySchema keys, uint appId, ILogger logger, Func<AppChangeFeed, int[], CancellationToken, Task> startWakeup)
    {
        var streams = Enumerable.Range(0, keys.BucketCount).Select(bucket => keys.Changes(appId, bucket)).ToArray();
        var db = redis.GetDatabase();
        var ends = await Task.WhenAll(streams.Select((stream, bucket) => ChangeStreamRead.ReadAsync(db, bucket, stream, StreamEntryId.Zero, null, 0))).ConfigureAwait(false);
        var feed = new AppChangeFeed(redis, logger, appId, streams, ends.Select(end => end.LastGenerated).ToArray());
        feed._wakeups = WakeupGroups(redis, streams.Length)
            .Select(group => Task.Run(() => startWakeup(feed, group, feed._stop.Token)))
            .ToArray();
        return feed;
    }

    // XREAD names several streams only when they share a slot: on a cluster each bucket is its
    // own slot, so each bucket gets its own blocking read; one Redis serves all of them with one.
    private static IEnumerable<int[]> WakeupGroups(IConnectionMultiplexer redis, int buckets) =>
        redis.GetServers().Any(server => server.ServerType == ServerType.Cluster)
            ? Enumerable.Range(0, buckets).Select(bucket => new[] { bucket })
            : [Enumerable.Range(0, buckets).ToArray()];

    /// <summary>The positions the blocking read of these buckets waits after.</summary>
    public StreamEntryId[] PositionsOf(int[] buckets)
    {
        lock (_gate)
        {
            return buckets.Select(bucket => _positions[bucket]).ToArray();
        }
    }

    /// <summary>
    /// Adds a subscription; from now on it is offered every change after the returned positions.
    /// Throws the feed's failure once it has one.
    /// </summary>
    public StreamEntryId[] Attach(ChangeSubscription subscription)
    {
        lock (_gate)
        {
            if (_failure is not null)
            {
                throw new ChangeCursorExpiredException(_failure.Message, _failure);
            }

            ObjectDisposedException.ThrowIf(_disposed, this);
            _subscribers = [.. _subscribers, subscription];
            return (StreamEntryId[])_positions.Clone();
        }
    }

    public void Detach(ChangeSubscription subscription)
    {
        lock (_gate)
        {
            _subscribers = _subscribers.Where(s => s != subscription).ToList();
        }
    }

    /// <summary>
    /// Reads until the feed's position is at or past <paramref name="positions"/> in every bucket, so
    /// a subscription from a cursor another process returned never sees changes it already had.
    /// </summary>
    public async Task CatchUpToAsync(StreamEntryId[] positions, CancellationToken cancellationToken)
    {
        var behind = BucketsBehind(positions);
        if (behind.Count == 0)
        {
            return;
        }

        // A pump reads each bucket to its end, which the caller checked is at or past the cursor.
        await PumpAsync(behind, cancellationToken).ConfigureAwait(false);
        if (BucketsBehind(positions).Count > 0 && !IsFailed)
        {
            throw new ChangeCursorExpiredException("the feed ends before the cursor: Redis lost changes");
        }
    }

    private List<int> BucketsBehind(StreamEntryId[] positions)
    {
        lock (_gate)
        {
            return Enumerable.Range(0, positions.Length).Where(bucket => _positions[bucket] < positions[bucket]).ToList();
        }
    }

    /// <summary>Reads the buckets' new changes to their ends and offers them to every subscription, oldest first.</summary>
    public async Task PumpAsync(IReadOnlyCollection<int> buckets, CancellationToken cancellationToken)
    {
        await _pumping.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var db = _redis.GetDatabase();
            var pending = buckets.ToList();
            while (pending.Count > 0 && !IsFailed)
            {
                // Only the pump moves positions, and it runs alone: reading them unlocked is safe here.
                var reads = await Task.WhenAll(pending.Select(bucket =>
                    ChangeStreamRead.ReadAsync(db, bucket, _streams[bucket], _positions[bucket], null, ReadCount))).ConfigureAwait(false);
                var entries = new List<FeedEntry>();
                var more = new List<int>();
                for (var i = 0; i < pending.Count; i++)
                {
                    var bucket = pending[i];
                    if (!reads[i].Retains(_positions[bucket]))
                    {
                        Fail(ChangeCursorExpiredException.OfBucket(bucket, _positions[bucket], reads[i]));
                        return;
                    }

                    entries.AddRange(reads[i].Entries);
                    if (reads[i].Entries.Count == ReadCount)
                    {
                        more.Add(bucket);
                    }
                }

                Deliver(entries);
                pending = more;
            }
        }
        finally
        {
            _pumping.Release();
        }
    }

    private void Deliver(List<FeedEntry> entries)
    {
        entries.Sort(static (a, b) => a.Id != b.Id ? a.Id.CompareTo(b.Id) : a.Bucket.CompareTo(b.Bucket));
        lock (_gate)
        {
            List<ChangeSubscription>? overrun = null;
            foreach (var entry in entries)
            {
                _positions[entry.Bucket] = entry.Id;
                if (entry.Change is null)
                {
                    continue;
                }

                var change = entry.ToChange(ChangeCursor.Format(AppId, _positions));
                foreach (var subscriber in _subscribers)
                {
                    if (!subscriber.Offer(change))
                    {
                        (overrun ??= []).Add(subscriber);
                    }
                }

                if (overrun is not null)
                {
                    // A subscription that fell a buffer behind catches up from Redis on its own.
                    _subscribers = _subscribers.Except(overrun).ToList();
                    overrun = null;
                }
            }
        }
    }

    private void Fail(Exception failure)
    {
        ChangeFeedLog.FeedExpired(_logger, AppId, failure.Message);
        List<ChangeSubscription> subscribers;
        lock (_gate)
        {
            _failure ??= failure;
            subscribers = _subscribers;
            _subscribers = [];
        }

        foreach (var subscriber in subscribers)
        {
            subscriber.End(failure);
        }

        _stop.Cancel();
    }

    public async ValueTask DisposeAsync()
    {
        List<ChangeSubscription> subscribers;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            subscribers = _subscribers;
            _subscribers = [];
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (var subscriber in subscribers)
        {
            subscriber.End(null);
        }

        await Task.WhenAll(_wakeups).ConfigureAwait(false);
    }
}
