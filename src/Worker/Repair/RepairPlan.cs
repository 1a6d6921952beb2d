namespace KafkaRooms.Worker.Repair;

/// <summary>
/// Which messages of a partition sought back for repair are applied again (docs/rules.md §7,
/// docs/worker.md "Repair"): a message whose bucket lives on checkpoint shard s is applied when its
/// offset is at or past <c>covered[s]</c>, below which that shard already holds it. So a loss on one
/// shard re-applies that shard's events only. Past <see cref="To"/> every message is applied as usual.
/// </summary>
internal sealed class RepairPlan
{
    private readonly Dictionary<int, long> _covered;

    private RepairPlan(Dictionary<int, long> covered, long to)
    {
        _covered = covered;
        From = covered.Values.Min();
        To = to;
    }

    /// <summary>Where the partition is sought back to: the lowest offset some shard lacks.</summary>
    public long From { get; }

    /// <summary>Below this every message was processed before (applied where it was not lost, dead-lettered if poison).</summary>
    public long To { get; }

    /// <summary>
    /// The plan after shards lost writes, for a partition applied up to <paramref name="applied"/>
    /// (and repairing by <paramref name="current"/>, if it is): each shard holds the partition's
    /// events below what it held before, except the <paramref name="damaged"/> ones, which hold
    /// no more than their checkpoint covers (null: nothing). Null when no shard lost anything it
    /// held. Consuming resumes at the lower of <see cref="From"/> and <paramref name="applied"/>:
    /// messages in flight past it were filtered by the old plan.
    /// </summary>
    public static RepairPlan? After(IEnumerable<int> shards, RepairPlan? current, long applied, IReadOnlyDictionary<int, long?> damaged)
    {
        var covered = new Dictionary<int, long>();
        var lost = false;
        // Where the partition had got to: the repair range ends there (on a single primary that lost
        // writes, its checkpoint is the only one left and says nothing about how far the range goes).
        var to = applied;
        foreach (var shard in shards.Concat(damaged.Keys).Distinct())
        {
            var held = current?.CoveredOn(shard, applied) ?? applied;
            var left = damaged.TryGetValue(shard, out var checkpoint) ? Math.Min(held, checkpoint ?? 0) : held;
            lost |= left < held;
            covered[shard] = left;
            to = Math.Max(to, held);
        }

        return lost ? new RepairPlan(covered, to) : null;
    }

    /// <summary>Whether the event at <paramref name="offset"/>, whose bucket lives on <paramref name="shard"/> (null: unknown), is applied.</summary>
    public bool Applies(long offset, int? shard) =>
        offset >= To || shard is not { } s || !_covered.TryGetValue(s, out var covered) || offset >= covered;

    /// <summary>What the shard holds once the partition is applied up to <paramref name="applied"/> under this plan.</summary>
    public long CoveredOn(int shard, long applied) => Math.Max(_covered.GetValueOrDefault(shard, To), applied);
}
