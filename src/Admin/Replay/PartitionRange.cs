namespace KafkaRooms.Admin.Replay;

/// <summary>The messages of one partition a replay applies: offsets <paramref name="From"/> (inclusive) to <paramref name="To"/> (exclusive).</summary>
internal sealed record PartitionRange(int Partition, long From, long To)
{
    public long Count => Math.Max(0, To - From);
}
