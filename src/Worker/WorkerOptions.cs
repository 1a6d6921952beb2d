using System.ComponentModel.DataAnnotations;

namespace KafkaRooms.Worker;

/// <summary>Settings of the consumer that applies room events (configuration section "Worker").</summary>
public sealed class WorkerOptions
{
    public const string SectionName = "Worker";

    /// <summary>Kafka consumer group; every Worker replica of one deployment uses the same one.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9._-]{1,249}$")]
    public string GroupId { get; set; } = "kafkarooms-worker";

    /// <summary>At most this many messages are applied as one batch.</summary>
    [Range(1, 100_000)]
    public int MaxBatchSize { get; set; } = 5_000;

    /// <summary>
    /// Batches applied at once: the next batch starts while the previous one is still applied,
    /// so Redis never idles between batches. Offsets are still stored in partition order.
    /// </summary>
    [Range(1, 16)]
    public int MaxBatchesInFlight { get; set; } = 2;

    /// <summary>
    /// A batch of at most this many events is applied on the poll thread, which writes its script
    /// calls and waits for the answers (at most 2 s) instead of handing them to the thread pool:
    /// under a trickle the hand-offs cost more than the batch (docs/worker.md, "Under a trickle").
    /// Larger batches, and any batch the inline path cannot finish, go the usual way. 0 = never inline.
    /// </summary>
    [Range(0, 10_000)]
    public int InlineApplyMaxEvents { get; set; } = 256;

    /// <summary>A batch is applied once it is full or this long after its first message arrived.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan MaxBatchWait { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// Kafka fetch.wait.max.ms: how long a broker may hold a fetch that found no data. Real
    /// brokers answer as soon as data arrives, so this costs no latency there and a longer wait
    /// means fewer empty round trips when idle; librdkafka's mock cluster holds every empty fetch
    /// for the whole wait, so local runs on it set it short (docs/worker.md, "Under a trickle").
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:30")]
    public TimeSpan FetchWaitMax { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>First delay before retrying a batch that Redis (or the dead-letter topic) refused.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The retry delay doubles up to this bound; retries never give up while running.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>One attempt at applying a batch is abandoned (and retried) after this long.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan ApplyAttemptTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// When a batch has not finished after this long, the consumer pauses its partitions and
    /// only polls (to keep its group membership) until the batch is done.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PauseAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>On shutdown, how long an in-flight batch may still take before it is abandoned (not committed).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Upper bound of the consumer's Close() (leave the group, final commit) on shutdown.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often stored offsets are committed (auto commit); also committed on revocation and shutdown.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Kafka session.timeout.ms: how long a silent (crashed) worker keeps its partitions.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>
    /// Kafka max.poll.interval.ms. The loop polls at least every <see cref="MaxBatchWait"/>,
    /// also while a batch is applied, so this only has to exceed the worst-case batch.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a dead-letter write may take before it fails (and is retried).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan DeadLetterTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The worst case of one batch: waiting for it to fill, then one apply attempt.</summary>
    public TimeSpan WorstCaseBatch => MaxBatchWait + ApplyAttemptTimeout;

    /// <summary>
    /// How long the host waits for the loop on shutdown: the drain, then the consumer's close,
    /// plus a margin for the unwinding between them; never below the 30 s the Worker always had.
    /// </summary>
    public TimeSpan HostShutdownTimeout => TimeSpan.FromTicks(Math.Max(
        TimeSpan.FromSeconds(30).Ticks, (DrainTimeout + CloseTimeout + TimeSpan.FromSeconds(5)).Ticks));
}
