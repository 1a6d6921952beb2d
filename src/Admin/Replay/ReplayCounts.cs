using KafkaRooms.Rooms.Redis;

namespace KafkaRooms.Admin.Replay;

/// <summary>What a replay did with the messages it read.</summary>
internal sealed class ReplayCounts
{
    private readonly long[] _outcomes = new long[4];

    /// <summary>Messages read within the ranges.</summary>
    public long Read { get; set; }

    /// <summary>Messages that are not a valid event (the Worker dead-letters them).</summary>
    public long Invalid { get; set; }

    /// <summary>Messages older than --since, read but not applied.</summary>
    public long BeforeSince { get; set; }

    /// <summary>The apps whose events were applied.</summary>
    public HashSet<uint> Apps { get; } = [];

    public long this[ApplyOutcome outcome] => _outcomes[(int)outcome];

    public void Add(IEnumerable<ApplyOutcome> outcomes)
    {
        foreach (var outcome in outcomes)
        {
            _outcomes[(int)outcome]++;
        }
    }

    public override string ToString() =>
        $"{Read} read: {this[ApplyOutcome.Applied]} applied, {this[ApplyOutcome.Duplicate]} duplicate, {this[ApplyOutcome.Stale]} stale, " +
        $"{this[ApplyOutcome.Expired]} expired, {Invalid} invalid" + (BeforeSince > 0 ? $", {BeforeSince} before --since" : "");
}
