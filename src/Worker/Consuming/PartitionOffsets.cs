namespace KafkaRooms.Worker.Consuming;

/// <summary>
/// The offsets of one partition that were handed to the worker, in the order Kafka delivered
/// them, and which of them are done. The commit position advances only across a run of done
/// offsets from the oldest one, so no offset is stored while an earlier message is unfinished.
/// </summary>
internal sealed class PartitionOffsets
{
    private readonly Queue<long> _inOrder = new();
    private readonly HashSet<long> _done = [];
    private readonly HashSet<long> _pending = [];

    /// <summary>The next offset to consume after everything done so far (what Kafka stores), or null if none yet.</summary>
    public long? CommitPosition { get; private set; }

    public int PendingCount => _pending.Count;

    /// <summary>Whether <paramref name="offset"/> lies after everything tracked so far.</summary>
    public bool Follows(long offset) =>
        (_inOrder.Count == 0 || offset > LastTracked) && (CommitPosition is not { } position || offset >= position);

    /// <summary>Registers a delivered offset. Offsets only grow within a partition (gaps are allowed).</summary>
    public void Track(long offset)
    {
        if (_inOrder.Count > 0 && offset <= LastTracked)
        {
            throw new InvalidOperationException(
                $"Offset {offset} was delivered after {LastTracked}; offsets of a partition must grow.");
        }

        if (CommitPosition is { } position && offset < position)
        {
            throw new InvalidOperationException($"Offset {offset} is below the commit position {position}.");
        }

        _inOrder.Enqueue(offset);
        _pending.Add(offset);
        LastTracked = offset;
    }

    private long LastTracked { get; set; } = -1;

    /// <summary>
    /// Marks an offset done (applied or dead-lettered). Returns the new commit position when it
    /// moved, null otherwise (an earlier offset is still pending, or the offset is unknown).
    /// </summary>
    public long? Complete(long offset)
    {
        if (!_pending.Remove(offset))
        {
            return null;
        }

        _done.Add(offset);
        long? advancedTo = null;
        while (_inOrder.TryPeek(out var oldest) && _done.Remove(oldest))
        {
            _inOrder.Dequeue();
            advancedTo = oldest + 1;
        }

        if (advancedTo is { } position)
        {
            CommitPosition = position;
        }

        return advancedTo;
    }
}
