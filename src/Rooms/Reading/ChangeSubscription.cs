using System.Runtime.CompilerServices;
using System.Threading.Channels;
using StackExchange.Redis;

namespace KafkaRooms.Rooms.Reading;

/// <summary>
/// One reader of an app's change feed, open from <see cref="StartCursor"/>. It first reads what
/// lies between its start and the process's shared feed from Redis itself, then takes the shared
/// feed's changes. Dispose it to stop.
/// </summary>
public sealed class ChangeSubscription : IAsyncDisposable
{
    // Changes the shared feed may queue for a reader that is busy; past it the reader goes back to
    // reading Redis itself from its last change, so one slow reader never holds the others up.
    private const int LiveBuffer = 10_000;

    private readonly AppChangeFeed _feed;
    private readonly IDatabaseAsync _db;
    private readonly Action _release;
    private readonly bool[] _unchecked;
    private StreamEntryId[] _positions;
    private StreamEntryId[] _until = [];
    private Channel<RoomChange> _live = NewLive();
    private string _lastCursor = "";
    private Exception? _failure;
    private volatile bool _overrun;
    private int _disposed;

    internal ChangeSubscription(AppChangeFeed feed, IDatabaseAsync db, StreamEntryId[] positions, bool earliest, Action release)
    {
        _feed = feed;
        _db = db;
        _positions = positions;
        _unchecked = Enumerable.Repeat(earliest, positions.Length).ToArray();
        _release = release;
    }

    /// <summary>The cursor the subscription started from: resuming from it reads what this subscription reads.</summary>
    public string StartCursor { get; private set; } = "";

    /// <summary>Joins the shared feed; <paramref name="now"/> starts at its position instead of <see cref="_positions"/>.</summary>
    internal void Attach(bool now)
    {
        _until = _feed.Attach(this);
        if (now)
        {
            _positions = (StreamEntryId[])_until.Clone();
        }

        StartCursor = ChangeCursor.Format(_feed.AppId, _positions);
        _lastCursor = StartCursor;
    }

    /// <summary>
    /// Every change after the start, in each bucket's order (across buckets, by stream id), until
    /// disposed or cancelled. Throws <see cref="ChangeCursorExpiredException"/> when changes it has
    /// not read yet were trimmed or lost: read the room list again and continue from its cursor.
    /// </summary>
    public async IAsyncEnumerable<RoomChange> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (true)
        {
            await foreach (var change in CatchUpAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return change;
            }

            var live = _live.Reader;
            while (await live.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (live.TryRead(out var change))
                {
                    _lastCursor = change.Cursor;
                    yield return change;
                }
            }

            if (_failure is not null)
            {
                throw _failure as ChangeCursorExpiredException ?? new ChangeCursorExpiredException(_failure.Message, _failure);
            }

            if (!_overrun || Volatile.Read(ref _disposed) != 0)
            {
                yield break;
            }

            // Fell a buffer behind: read Redis from the last change delivered, then rejoin.
            _overrun = false;
            _positions = ChangeCursor.TryParse(_lastCursor, out var last) ? last!.Positions : throw new InvalidOperationException("unreadable cursor");
            _live = NewLive();
            _until = _feed.Attach(this);
        }
    }

    /// <summary>From the shared feed, under its lock: false when this subscription's buffer is full.</summary>
    internal bool Offer(RoomChange change)
    {
        if (_live.Writer.TryWrite(change))
        {
            return true;
        }

        _overrun = true;
        _live.Writer.TryComplete();
        return false;
    }

    /// <summary>The shared feed ended: stopped (null) or failed.</summary>
    internal void End(Exception? failure)
    {
        _failure ??= failure;
        _live.Writer.TryComplete();
    }

    // Reads (position, until] of every bucket from Redis, merged by stream id.
    private async IAsyncEnumerable<RoomChange> CatchUpAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pending = Enumerable.Range(0, _positions.Length).Where(bucket => _positions[bucket] < _until[bucket]).ToList();
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var reads = await Task.WhenAll(pending.Select(bucket =>
                ChangeStreamRead.ReadAsync(_db, bucket, _feed.StreamOf(bucket), _positions[bucket], _until[bucket], AppChangeFeed.ReadCount))).ConfigureAwait(false);
            var entries = new List<FeedEntry>();
            var more = new List<int>();
            for (var i = 0; i < pending.Count; i++)
            {
                var bucket = pending[i];
                if (!_unchecked[bucket] && !reads[i].Retains(_positions[bucket]))
                {
                    throw ChangeCursorExpiredException.OfBucket(bucket, _positions[bucket], reads[i]);
                }

                // From the earliest, the first read takes whatever is retained.
                _unchecked[bucket] = false;
                entries.AddRange(reads[i].Entries);
                if (reads[i].Entries.Count == AppChangeFeed.ReadCount)
                {
                    more.Add(bucket);
                }
            }

            entries.Sort(static (a, b) => a.Id != b.Id ? a.Id.CompareTo(b.Id) : a.Bucket.CompareTo(b.Bucket));
            foreach (var entry in entries)
            {
                _positions[entry.Bucket] = entry.Id;
                if (entry.Change is not null)
                {
                    var change = entry.ToChange(ChangeCursor.Format(_feed.AppId, _positions));
                    _lastCursor = change.Cursor;
                    yield return change;
                }
            }

            pending = more;
        }

        // Now level with the shared feed's position at Attach: its changes follow seamlessly.
        _lastCursor = ChangeCursor.Format(_feed.AppId, _until);
    }

    private static Channel<RoomChange> NewLive() =>
        Channel.CreateBounded<RoomChange>(new BoundedChannelOptions(LiveBuffer)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _feed.Detach(this);
            _live.Writer.TryComplete();
            _release();
        }

        return ValueTask.CompletedTask;
    }
}
