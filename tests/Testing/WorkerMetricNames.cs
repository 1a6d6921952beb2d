namespace KafkaRooms.Testing;

/// <summary>The Worker's Prometheus series that tests and the benchmark read (docs/worker.md, "Health and metrics").</summary>
public static class WorkerMetricNames
{
    public const string Applied = "kafkarooms_worker_events_applied_total";

    public const string DeadLettered = "kafkarooms_worker_events_dead_lettered_total";

    /// <summary>Small batches tried on the poll thread, label <c>outcome</c> = applied or fell_back.</summary>
    public const string InlineBatches = "kafkarooms_worker_batch_inline_total";

    /// <summary>Batches applied (the count of the batch duration histogram).</summary>
    public const string BatchesApplied = "kafkarooms_worker_batch_duration_seconds_count";

    /// <summary>Messages finished either way: applied (any outcome) or dead-lettered.</summary>
    public static readonly string[] Processed = [Applied, DeadLettered];
}
