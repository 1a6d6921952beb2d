using StackExchange.Redis;

namespace KafkaRooms.Worker.Reconciliation;

/// <summary>
/// A lease in Redis (docs/redis-schema.md, "Reconciler leases") that makes one replica do an app's
/// work: SET NX PX with this holder's token, renewed every third of its duration only while the
/// token is still there, deleted on release. <see cref="Lost"/> fires when a renewal finds another
/// token or no renewal succeeded for most of the duration; the holder then stops before publishing.
/// </summary>
internal sealed class ReconcilerLease : IAsyncDisposable
{
    private readonly IDatabase _db;
    private readonly RedisKey _key;
    private readonly RedisValue _token;
    private readonly TimeSpan _duration;
    private readonly TimeProvider _timeProvider;
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _released = new();
    private readonly Task _renewing;

    private ReconcilerLease(IDatabase db, RedisKey key, RedisValue token, TimeSpan duration, TimeProvider timeProvider)
    {
        _db = db;
        _key = key;
        _token = token;
        _duration = duration;
        _timeProvider = timeProvider;
        _renewing = RenewAsync();
    }

    /// <summary>Cancelled once the lease may belong to another replica.</summary>
    public CancellationToken Lost => _lost.Token;

    /// <summary>The lease, or null while another holder has it.</summary>
    public static async Task<ReconcilerLease?> TryTakeAsync(IDatabase db, RedisKey key, TimeSpan duration, TimeProvider timeProvider)
    {
        RedisValue token = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";
        return await db.LockTakeAsync(key, token, duration).ConfigureAwait(false)
            ? new ReconcilerLease(db, key, token, duration, timeProvider)
            : null;
    }

    private async Task RenewAsync()
    {
        var renewedAt = _timeProvider.GetUtcNow();
        try
        {
            while (true)
            {
                await Task.Delay(_duration / 3, _timeProvider, _released.Token).ConfigureAwait(false);
                try
                {
                    if (!await _db.LockExtendAsync(_key, _token, _duration).ConfigureAwait(false))
                    {
                        break;
                    }

                    renewedAt = _timeProvider.GetUtcNow();
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException)
                {
                    // Another replica may take it once it expires: stop a third before that.
                    if (_timeProvider.GetUtcNow() - renewedAt >= _duration * 2 / 3)
                    {
                        break;
                    }
                }
            }

            await _lost.CancelAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_released.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _released.CancelAsync().ConfigureAwait(false);
        await _renewing.ConfigureAwait(false);
        try
        {
            // Released at once, so another replica need not wait for the expiry.
            await _db.LockReleaseAsync(_key, _token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
        }

        _lost.Dispose();
        _released.Dispose();
    }
}
