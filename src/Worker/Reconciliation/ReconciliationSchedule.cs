using KafkaRooms.Rooms.Reading;

namespace KafkaRooms.Worker.Reconciliation;

/// <summary>
/// Which room of an app to check next (docs/reconciliation.md, "Which rooms, when"): first rooms
/// whose confirmation is due, then suspect rooms not checked for Reconciliation:SuspectCheckInterval,
/// then every other open room not checked for Reconciliation:SweepPeriod, the least recently checked
/// (never checked first) each time. The set of rooms comes from each census. Times are Unix ms.
/// </summary>
internal sealed class ReconciliationSchedule(ReconciliationOptions options)
{
    private readonly long _suspectIntervalMs = (long)options.SuspectCheckInterval.TotalMilliseconds;
    private readonly long _sweepPeriodMs = (long)options.SweepPeriod.TotalMilliseconds;
    private readonly PriorityQueue<string, long> _confirmations = new();
    private Dictionary<string, RoomEntry> _rooms = new(StringComparer.Ordinal);

    // Both queues are ordered by last check: a checked room goes to the back of its queue.
    private Queue<string> _suspects = new();
    private Queue<string> _sweep = new();

    public int RoomCount => _rooms.Count;

    /// <summary>The app's open rooms and their verdicts now; what is known of rooms still open is kept.</summary>
    public void Census(IEnumerable<(string RoomId, SuspectReasons Reasons)> openRooms)
    {
        var rooms = new Dictionary<string, RoomEntry>(StringComparer.Ordinal);
        foreach (var (roomId, reasons) in openRooms)
        {
            var entry = _rooms.GetValueOrDefault(roomId) ?? new RoomEntry();
            entry.Reasons = reasons;
            rooms[roomId] = entry;
        }

        _rooms = rooms;
        var byLastCheck = rooms.OrderBy(room => room.Value.LastCheckedMs).ThenBy(room => room.Key, StringComparer.Ordinal).ToList();
        _suspects = new Queue<string>(byLastCheck.Where(room => room.Value.Reasons != SuspectReasons.None).Select(room => room.Key));
        _sweep = new Queue<string>(byLastCheck.Where(room => room.Value.Reasons == SuspectReasons.None).Select(room => room.Key));
        _confirmations.Clear();
        foreach (var (roomId, entry) in rooms.Where(room => room.Value.ConfirmAtMs is not null))
        {
            _confirmations.Enqueue(roomId, entry.ConfirmAtMs!.Value);
        }
    }

    /// <summary>The room to check now, taken off its queue; null when none is due.</summary>
    public string? Next(long nowMs)
    {
        while (_confirmations.TryPeek(out var roomId, out var dueMs))
        {
            if (!_rooms.TryGetValue(roomId, out var entry) || entry.ConfirmAtMs != dueMs)
            {
                _confirmations.Dequeue();
                continue;
            }

            if (dueMs > nowMs)
            {
                break;
            }

            _confirmations.Dequeue();
            return roomId;
        }

        return Take(_suspects, nowMs, _suspectIntervalMs, suspect: true) ?? Take(_sweep, nowMs, _sweepPeriodMs, suspect: false);
    }

    /// <summary>When the next room falls due (long.MaxValue: no room is known).</summary>
    public long NextDueMs()
    {
        var due = long.MaxValue;
        if (_confirmations.TryPeek(out _, out var confirmAt))
        {
            due = confirmAt;
        }

        foreach (var (queue, interval) in new[] { (_suspects, _suspectIntervalMs), (_sweep, _sweepPeriodMs) })
        {
            if (queue.TryPeek(out var roomId) && _rooms.TryGetValue(roomId, out var entry))
            {
                due = Math.Min(due, DueMs(entry, interval));
            }
        }

        return due;
    }

    /// <summary>The room was just checked; any confirmation it awaited is over (<see cref="ConfirmAt"/> sets a new one).</summary>
    public void Checked(string roomId, long nowMs)
    {
        if (!_rooms.TryGetValue(roomId, out var entry))
        {
            return;
        }

        entry.LastCheckedMs = nowMs;
        entry.ConfirmAtMs = null;
        (entry.Reasons != SuspectReasons.None ? _suspects : _sweep).Enqueue(roomId);
    }

    /// <summary>Checks the room again at <paramref name="dueMs"/>, before anything else then due.</summary>
    public void ConfirmAt(string roomId, long dueMs)
    {
        if (_rooms.TryGetValue(roomId, out var entry))
        {
            entry.ConfirmAtMs = dueMs;
            _confirmations.Enqueue(roomId, dueMs);
        }
    }

    /// <summary>The room is no longer open.</summary>
    public void Forget(string roomId) => _rooms.Remove(roomId);

    // A queue's front is its least recently checked room. Rooms that left the set, changed tier
    // or await a confirmation are dropped from it here (checking puts them back).
    private string? Take(Queue<string> queue, long nowMs, long intervalMs, bool suspect)
    {
        while (queue.TryPeek(out var roomId))
        {
            if (!_rooms.TryGetValue(roomId, out var entry) || entry.ConfirmAtMs is not null || (entry.Reasons != SuspectReasons.None) != suspect)
            {
                queue.Dequeue();
                continue;
            }

            if (DueMs(entry, intervalMs) > nowMs)
            {
                return null;
            }

            queue.Dequeue();
            return roomId;
        }

        return null;
    }

    private static long DueMs(RoomEntry entry, long intervalMs) =>
        entry.LastCheckedMs == long.MinValue ? long.MinValue : entry.LastCheckedMs + intervalMs;

    private sealed class RoomEntry
    {
        public SuspectReasons Reasons { get; set; }

        public long LastCheckedMs { get; set; } = long.MinValue;

        public long? ConfirmAtMs { get; set; }
    }
}
