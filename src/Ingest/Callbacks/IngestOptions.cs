using System.ComponentModel.DataAnnotations;

namespace KafkaRooms.Ingest.Callbacks;

/// <summary>Limits of the callback endpoint (configuration section "Ingest").</summary>
public sealed class IngestOptions
{
    public const string SectionName = "Ingest";

    /// <summary>Largest accepted callback body; larger ones get 413. ZEGO's bodies are well under 2 KiB.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// How long a callback waits for Kafka to confirm the write before it is answered 503 (ZEGO
    /// retries). Also the producer's message timeout, so an unconfirmed write is given up rather
    /// than sent long after the answer.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

}
