using KafkaRooms.Rooms.Contract;
using KafkaRooms.Rooms.Reading;
using StackExchange.Redis;

namespace KafkaRooms.Worker.Reconciliation;

/// <summary>
/// One app's work, on the replica holding its lease (docs/reconciliation.md): a census every
/// Reconciliation:CensusPeriod (the suspicion gauge and the rooms to check), and, when the app has
/// a server secret, checking rooms with ZEGO in the order of <see cref="ReconciliationSchedule"/>,
/// within the request budget, confirming differences (<see cref="RoomConfirmations"/>) and
/// publishing corrective events. Never throws out of <see cref="RunAsync"/> but on shutdown: a
/// failure is counted, logged and retried after a back-off, and the consumer is never touched.
/// </summary>
internal sealed class AppReconciler(uint appId, string? serverSecret, AppReconcilerServices services)
{
    private readonly ReconciliationOptions _options = services.Options;
    private readonly RequestPacer _pacer = new(
        services.TimeProvider, services.ServerApi.RequestsPerSecond, services.ServerApi.RoomRequestInterval);

    private readonly RoomConfirmations _confirmations = new(services.Options.GracePeriod);
    private readonly ReconciliationSchedule _schedule = new(services.Options);
    private int _failuresInARow;

    private string LeaseKind => serverSecret is null ? "census" : "reconcile";

    private long NowMs => services.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    public async Task RunAsync(CancellationToken stopping)
    {
        ReconciliationLog.Watching(services.Logger, appId, _options.CensusPeriod, services.ServerApi.BaseUrl, serverSecret is not null);
        var leaseKey = (RedisKey)$"{services.KeyPrefix}:lease:{LeaseKind}:{appId}";
        while (!stopping.IsCancellationRequested)
        {
            var retryAfter = await HoldAsync(leaseKey, stopping).ConfigureAwait(false);
            await DelayAsync(retryAfter, stopping).ConfigureAwait(false);
        }
    }

    // Takes the lease and works while it is held; returns how long to wait before trying again.
    private async Task<TimeSpan> HoldAsync(RedisKey leaseKey, CancellationToken stopping)
    {
        ReconcilerLease? lease = null;
        try
        {
            lease = await ReconcilerLease.TryTakeAsync(services.Redis.GetDatabase(), leaseKey, _options.LeaseDuration, services.TimeProvider)
                .ConfigureAwait(false);
            if (lease is null)
            {
                return _options.LeaseDuration / 3;
            }

            ReconciliationLog.LeaseTaken(services.Logger, appId, LeaseKind);
            using var held = CancellationTokenSource.CreateLinkedTokenSource(stopping, lease.Lost);
            await RunWhileHeldAsync(held.Token).ConfigureAwait(false);
            return TimeSpan.Zero;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return TimeSpan.Zero;
        }
        catch (OperationCanceledException) when (lease?.Lost.IsCancellationRequested == true)
        {
            ReconciliationLog.LeaseLost(services.Logger, appId, LeaseKind);
            return _options.LeaseDuration / 3;
        }
        catch (Exception ex)
        {
            var reason = ex is RedisException or TimeoutException ? "redis" : "unexpected";
            var delay = Backoff();
            services.Metrics.Failed(appId, reason);
            ReconciliationLog.RoundFailed(services.Logger, ex, appId, reason, delay);
            return delay;
        }
        finally
        {
            services.Metrics.ForgetSuspects(appId);
            if (lease is not null)
            {
                await lease.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task RunWhileHeldAsync(CancellationToken cancellationToken)
    {
        var nextCensusMs = long.MinValue;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (NowMs >= nextCensusMs)
            {
                await CensusAsync(cancellationToken).ConfigureAwait(false);
                nextCensusMs = NowMs + (long)_options.CensusPeriod.TotalMilliseconds;
            }

            // Backing off (or between two evenly spaced requests): wait, but not past the census.
            var wakeMs = serverSecret is null ? nextCensusMs : _pacer.AppSlot.ToUnixTimeMilliseconds();
            if (wakeMs <= NowMs && _schedule.Next(NowMs) is { } roomId)
            {
                await CheckAsync(roomId, serverSecret!, cancellationToken).ConfigureAwait(false);
                continue;
            }

            wakeMs = Math.Min(nextCensusMs, Math.Max(wakeMs, _schedule.NextDueMs()));
            await DelayAsync(TimeSpan.FromMilliseconds(Math.Max(1, wakeMs - NowMs)), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task CensusAsync(CancellationToken cancellationToken)
    {
        var census = await services.Census.TakeAsync(appId, cancellationToken).ConfigureAwait(false);
        services.Metrics.SetSuspects(appId, census.Counts);
        _schedule.Census(census.Rooms);
        _confirmations.RetainOnly(census.Rooms.Select(room => room.RoomId).ToHashSet(StringComparer.Ordinal));
        _pacer.ForgetPast();
        ReconciliationLog.Census(services.Logger, appId, census.Rooms.Count, census.Suspects, (int)census.Counts[SuspectReasons.PendingUsers]);
    }

    private async Task CheckAsync(string roomId, string secret, CancellationToken cancellationToken)
    {
        var before = await services.Reader.GetRoomSessionsAsync(appId, roomId, cancellationToken).ConfigureAwait(false);
        if (before is null)
        {
            _schedule.Forget(roomId);
            _confirmations.Forget(roomId);
            return;
        }

        var answer = await services.Client.DescribeUserListAsync(appId, secret, roomId, _pacer, cancellationToken).ConfigureAwait(false);
        _schedule.Checked(roomId, NowMs);
        if (answer.Outcome != CallOutcome.Ok)
        {
            CallFailed(roomId, answer);
            return;
        }

        _failuresInARow = 0;
        var after = await services.Reader.GetRoomSessionsAsync(appId, roomId, cancellationToken).ConfigureAwait(false);
        var result = _confirmations.Observe(roomId, before, after, answer.Users, answer.ObservedMs);
        services.Metrics.Observed(appId, result.Verdict.ToWireName());
        switch (result.Verdict)
        {
            case ObservationVerdict.InSync:
                ReconciliationLog.InSync(services.Logger, appId, roomId);
                break;
            case ObservationVerdict.Changed:
                ReconciliationLog.Changed(services.Logger, appId, roomId);
                break;
            case ObservationVerdict.Differs:
                var confirmAtMs = result.First!.TimeMs + (long)_options.GracePeriod.TotalMilliseconds;
                _schedule.ConfirmAt(roomId, confirmAtMs);
                ReconciliationLog.Differs(services.Logger, appId, roomId, before.Room.RoomSession,
                    string.Join("; ", result.First.Differences), DateTimeOffset.FromUnixTimeMilliseconds(confirmAtMs));
                break;
            default:
                await PublishAsync(roomId, result.First!, result.Confirmed, answer.ObservedMs, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private async Task PublishAsync(string roomId, RoomObservation first, IReadOnlyList<RoomDifference> confirmed, long secondObservedMs, CancellationToken cancellationToken)
    {
        var (corrections, invalid) = CorrectiveEvents.Build(
            appId, roomId, first, confirmed, services.TimeProvider.GetUtcNow(), services.MaxClockSkew);
        foreach (var (difference, violation) in invalid)
        {
            ReconciliationLog.InvalidCorrection(services.Logger, appId, roomId, difference.UserAccount, violation.ToString());
        }

        try
        {
            await services.Publisher.PublishAsync([.. corrections.Select(c => c.Event)], cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            services.Metrics.Failed(appId, "publish");
            ReconciliationLog.PublishFailed(services.Logger, ex, appId, roomId);
            _confirmations.Restore(roomId, first);
            _schedule.ConfirmAt(roomId, NowMs);
            return;
        }

        foreach (var (_, e) in corrections)
        {
            services.Metrics.Corrected(appId, e.Kind.ToWireName());
            if (e.Kind == RoomEventKind.RoomClosed)
            {
                ReconciliationLog.CorrectedRoom(services.Logger, appId, roomId, e.Kind.ToWireName(), e.RoomSession, e.TimeMs, first.TimeMs, secondObservedMs);
            }
            else
            {
                ReconciliationLog.CorrectedUser(
                    services.Logger, appId, roomId, e.Kind.ToWireName(), e.RoomSession, e.UserAccount, e.UserSession, e.TimeMs, first.TimeMs, secondObservedMs);
            }
        }
    }

    private void CallFailed(string roomId, UserListAnswer answer)
    {
        var outcome = answer.Outcome.ToWireName();
        services.Metrics.Failed(appId, outcome);
        ReconciliationLog.CallFailed(services.Logger, appId, roomId, outcome, answer.Detail);
        var delay = Backoff();
        _pacer.Pause(delay);
        ReconciliationLog.BackingOff(services.Logger, appId, delay, _failuresInARow);

        // A confirmation under way is kept: the room is asked again once the pause is over.
        if (_confirmations.IsPending(roomId))
        {
            _schedule.ConfirmAt(roomId, NowMs);
        }
    }

    // BackoffBase, doubled with each failure in a row, at most BackoffMax.
    private TimeSpan Backoff()
    {
        _failuresInARow++;
        var factor = Math.Pow(2, Math.Min(_failuresInARow - 1, 30));
        return TimeSpan.FromTicks((long)Math.Min(_options.BackoffMax.Ticks, _options.BackoffBase.Ticks * factor));
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, services.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller's loop sees the cancellation and ends or restarts.
        }
    }
}
