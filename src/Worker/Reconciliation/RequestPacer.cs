namespace KafkaRooms.Worker.Reconciliation;

/// <summary>
/// One app's request budget (docs/reconciliation.md, "Request budget"): requests evenly spaced at
/// Zego:ServerApi:RequestsPerSecond, a room asked at most once per RoomRequestInterval, and a
/// pause after failures. Used by the app's one reconciliation loop, one request at a time.
/// </summary>
internal sealed class RequestPacer(TimeProvider timeProvider, double requestsPerSecond, TimeSpan roomInterval)
{
    private readonly TimeSpan _spacing = TimeSpan.FromSeconds(1 / requestsPerSecond);
    private readonly Dictionary<string, DateTimeOffset> _roomNext = new(StringComparer.Ordinal);
    private DateTimeOffset _appNext = DateTimeOffset.MinValue;

    /// <summary>When the app's next request may be sent, whatever its room (later while backing off).</summary>
    public DateTimeOffset AppSlot => _appNext;

    /// <summary>When the next request about <paramref name="roomId"/> may be sent.</summary>
    public DateTimeOffset NextSlot(string roomId)
    {
        var room = _roomNext.GetValueOrDefault(roomId, DateTimeOffset.MinValue);
        return room > _appNext ? room : _appNext;
    }

    /// <summary>Waits for the next slot of the room, and takes it.</summary>
    public async Task WaitAsync(string roomId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var slot = NextSlot(roomId);
        if (slot < now)
        {
            slot = now;
        }

        Take(roomId, slot);
        if (slot > now)
        {
            await Task.Delay(slot - now, timeProvider, cancellationToken).ConfigureAwait(false);

            // A busy machine wakes the delay late. ZEGO counts a room's requests as they arrive,
            // so the next slots run from when this request goes out, not from when it was due:
            // otherwise a late page and the next one on time land closer than the room interval.
            var sent = timeProvider.GetUtcNow();
            if (sent > slot)
            {
                Take(roomId, sent);
            }
        }
    }

    private void Take(string roomId, DateTimeOffset sent)
    {
        if (sent + _spacing > _appNext)
        {
            _appNext = sent + _spacing;
        }

        _roomNext[roomId] = sent + roomInterval;
    }

    /// <summary>
    /// The room's request was answered: its next one waits the room interval from now. A request
    /// can reach ZEGO well after its slot (a busy machine delays the send itself), and ZEGO counts
    /// arrivals; counting from the answer keeps two of a room's requests the interval apart there.
    /// </summary>
    public void Answered(string roomId)
    {
        var next = timeProvider.GetUtcNow() + roomInterval;
        if (next > _roomNext.GetValueOrDefault(roomId, DateTimeOffset.MinValue))
        {
            _roomNext[roomId] = next;
        }
    }

    /// <summary>No request of the app before <paramref name="delay"/> from now (backing off).</summary>
    public void Pause(TimeSpan delay)
    {
        var until = timeProvider.GetUtcNow() + delay;
        if (until > _appNext)
        {
            _appNext = until;
        }
    }

    /// <summary>Forgets rooms whose interval is over, so the memory stays the size of the recent rooms.</summary>
    public void ForgetPast()
    {
        var now = timeProvider.GetUtcNow();
        foreach (var room in _roomNext.Where(entry => entry.Value <= now).Select(entry => entry.Key).ToList())
        {
            _roomNext.Remove(room);
        }
    }
}
