namespace KafkaRooms.Worker.Repair;

/// <summary>The reason label of kafkarooms_worker_repairs_total and the repair log line.</summary>
internal static class RepairReasons
{
    /// <summary>At assignment: a primary has no checkpoint (or one of another Kafka cluster) while the group committed offsets.</summary>
    public const string CheckpointMissing = "checkpoint_missing";

    /// <summary>At assignment: a primary's checkpoint is below the group's committed offset.</summary>
    public const string CheckpointBehind = "checkpoint_behind_commit";

    /// <summary>A primary's run_id changed since the last checkpoint write: it restarted (or a replica took over).</summary>
    public const string RedisRestarted = "redis_restarted";

    /// <summary>Same run_id, but a checkpoint this Worker wrote is gone or lower (FLUSHALL, a deleted key).</summary>
    public const string CheckpointLost = "checkpoint_lost";
}
