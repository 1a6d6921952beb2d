using Microsoft.Extensions.Options;

namespace KafkaRooms.Rooms.Reading;

/// <summary>
/// The suspect verdict of docs/rules.md §8, derived from what the state keeps (last_event_ms,
/// the online count, pending lifecycles) and the clock. A verdict, never an action: the read API
/// shows it, and the reconciler checks suspect rooms with ZEGO first.
/// </summary>
public sealed class SuspicionRules(IOptions<SuspicionOptions> options, TimeProvider timeProvider)
{
    private readonly long _emptyForMs = (long)options.Value.EmptyFor.TotalMilliseconds;
    private readonly long _silentForMs = (long)options.Value.SilentFor.TotalMilliseconds;
    private readonly long _pendingForMs = (long)options.Value.PendingFor.TotalMilliseconds;

    public long NowMs => timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>The room's reasons now.</summary>
    public SuspectReasons Judge(RoomSummaryView room) => Judge(room, NowMs);

    /// <remarks>
    /// The online count only changes with an applied event, which also moves last_event_ms, so a
    /// room with no one online has been empty at least since its last event.
    /// </remarks>
    public SuspectReasons Judge(RoomSummaryView room, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(room);
        var reasons = SuspectReasons.None;
        var quietMs = nowMs - room.LastEventMs;
        if (room.OnlineCount == 0 && quietMs > _emptyForMs)
        {
            reasons |= SuspectReasons.Empty;
        }

        if (quietMs > _silentForMs)
        {
            reasons |= SuspectReasons.Silent;
        }

        if (room.PendingSinceMs is { } since && nowMs - since > _pendingForMs)
        {
            reasons |= SuspectReasons.PendingUsers;
        }

        return reasons;
    }

    /// <summary>True when a pending lifecycle's users have waited for its create for longer than <see cref="SuspicionOptions.PendingFor"/>.</summary>
    public bool IsOverdue(PendingLifecycleView lifecycle, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        return nowMs - lifecycle.OldestPendingMs > _pendingForMs;
    }
}
