using KafkaRooms.Rooms.Reading;

namespace KafkaRooms.Worker.Reconciliation;

/// <summary>One comparison of a room with ZEGO: when, the state it compared, and what differed.</summary>
internal sealed record RoomObservation(long TimeMs, RoomSessionsView State, IReadOnlyList<RoomDifference> Differences);

internal enum ObservationVerdict
{
    /// <summary>The state agrees with ZEGO.</summary>
    InSync,

    /// <summary>A difference awaits its confirmation (a first observation).</summary>
    Differs,

    /// <summary>Two observations a grace period apart, with no change of the room between them, show these differences.</summary>
    Confirmed,

    /// <summary>The room changed in the state during the observation: it proves nothing, any confirmation starts over.</summary>
    Changed,
}

internal static class ObservationVerdictNames
{
    /// <summary>The <c>result</c> label of kafkarooms.reconcile.observations.</summary>
    public static string ToWireName(this ObservationVerdict verdict) => verdict switch
    {
        ObservationVerdict.InSync => "in_sync",
        ObservationVerdict.Differs => "differs",
        ObservationVerdict.Confirmed => "confirmed",
        _ => "changed",
    };
}

/// <param name="First">The first observation (Differs: the one awaiting confirmation; Confirmed: the one the corrections are dated by).</param>
/// <param name="Confirmed">The differences both observations show (Confirmed only).</param>
internal sealed record ObservationResult(ObservationVerdict Verdict, RoomObservation? First, IReadOnlyList<RoomDifference> Confirmed)
{
    public static ObservationResult Of(ObservationVerdict verdict) => new(verdict, null, []);
}

/// <summary>
/// The confirmation rule of docs/rules.md §8 for one app's rooms: a difference becomes a correction
/// only when a second observation, at least the grace period after the first, shows it too and the
/// room's state (session, online user sessions, last_event_ms, pending newer lifecycle) did not
/// change between them. Any change of the room restarts the confirmation.
/// </summary>
internal sealed class RoomConfirmations(TimeSpan gracePeriod)
{
    private readonly long _graceMs = (long)gracePeriod.TotalMilliseconds;
    private readonly Dictionary<string, RoomObservation> _first = new(StringComparer.Ordinal);

    public int Count => _first.Count;

    public bool IsPending(string roomId) => _first.ContainsKey(roomId);

    /// <param name="before">The state read before ZEGO was asked.</param>
    /// <param name="after">The state read after ZEGO answered; null when the room closed meanwhile.</param>
    public ObservationResult Observe(string roomId, RoomSessionsView before, RoomSessionsView? after, IReadOnlyList<ListedUser> listed, long observedMs)
    {
        if (after is null || !SameState(before, after))
        {
            _first.Remove(roomId);
            return ObservationResult.Of(ObservationVerdict.Changed);
        }

        var differences = RoomComparison.Compare(before, listed);
        if (differences.Count == 0)
        {
            _first.Remove(roomId);
            return ObservationResult.Of(ObservationVerdict.InSync);
        }

        if (_first.TryGetValue(roomId, out var first) && SameState(first.State, before))
        {
            if (observedMs - first.TimeMs < _graceMs)
            {
                return new ObservationResult(ObservationVerdict.Differs, first, []);
            }

            var now = differences.Select(d => d.Key).ToHashSet(StringComparer.Ordinal);
            var agreed = first.Differences.Where(d => now.Contains(d.Key)).ToList();
            _first.Remove(roomId);
            if (agreed.Count > 0)
            {
                return new ObservationResult(ObservationVerdict.Confirmed, first, agreed);
            }
        }

        var observation = new RoomObservation(observedMs, before, differences);
        _first[roomId] = observation;
        return new ObservationResult(ObservationVerdict.Differs, observation, []);
    }

    /// <summary>Puts a confirmed observation back (its corrections could not be published), so the next agreeing observation confirms it again.</summary>
    public void Restore(string roomId, RoomObservation first) => _first[roomId] = first;

    public void Forget(string roomId) => _first.Remove(roomId);

    /// <summary>Drops rooms that are no longer open.</summary>
    public void RetainOnly(IReadOnlySet<string> openRooms)
    {
        foreach (var room in _first.Keys.Where(room => !openRooms.Contains(room)).ToList())
        {
            _first.Remove(room);
        }
    }

    // What "no event for the room between the observations" is judged by: the lifecycle, its last
    // event time (which any applied event at or after it moves), every online user session with its
    // login (so older late events count too) and a pending newer lifecycle.
    private static bool SameState(RoomSessionsView a, RoomSessionsView b) =>
        a.Room.RoomSession == b.Room.RoomSession
        && a.Room.LastEventMs == b.Room.LastEventMs
        && a.Room.PendingSinceMs == b.Room.PendingSinceMs
        && a.OnlineSessions.Select(s => (s.UserAccount, s.UserSession, s.LoginTimeMs))
            .SequenceEqual(b.OnlineSessions.Select(s => (s.UserAccount, s.UserSession, s.LoginTimeMs)));
}
