namespace KafkaRooms.Worker.Repair;

/// <summary>Where a partition stands with its checkpoints (docs/worker.md, "Repair").</summary>
internal enum PartitionPhase
{
    /// <summary>Assigned, its checkpoints not compared with the committed offset yet: paused, nothing of it applied.</summary>
    Held,

    /// <summary>To be sought to <see cref="PartitionState.SeekTo"/> (paused until the seek succeeds).</summary>
    Seeking,

    /// <summary>Consumed and applied; its checkpoints are written and its offsets stored after them.</summary>
    Active,
}

/// <summary>One owned partition as the repair sees it. Used only from the poll thread.</summary>
internal sealed class PartitionState
{
    /// <summary>Changed only by <see cref="OwnedPartitions"/>, which counts the partitions in each phase.</summary>
    public PartitionPhase Phase { get; set; } = PartitionPhase.Held;

    /// <summary>The first message delivered (and dropped) while held: where consuming resumes.</summary>
    public long? HeldFrom { get; set; }

    /// <summary>-2 (Kafka's "beginning") for the oldest retained message.</summary>
    public long SeekTo { get; set; }

    /// <summary>Changes at every seek: checkpoint rounds started before it store nothing for the partition.</summary>
    public int Generation { get; set; }

    /// <summary>Every message below is applied (or dead-lettered) on every shard, as far as this Worker knows.</summary>
    public long Applied { get; set; }

    /// <summary>The offset last stored for commit (none above the checkpoints).</summary>
    public long Stored { get; set; }

    public RepairPlan? Plan { get; set; }
}
