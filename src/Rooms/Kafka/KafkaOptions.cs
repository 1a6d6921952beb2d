using System.ComponentModel.DataAnnotations;

namespace KafkaRooms.Rooms.Kafka;

/// <summary>
/// Where the callback stream lives (configuration section "Kafka"; KAFKA_BOOTSTRAP_SERVERS
/// also sets <see cref="BootstrapServers"/>). Shared by Ingest and Worker so both name the
/// same topics.
/// </summary>
public sealed class KafkaOptions
{
    public const string SectionName = "Kafka";

    [Required]
    public string BootstrapServers { get; set; } = "127.0.0.1:9092";

    [Required]
    [RegularExpression("^[A-Za-z0-9._-]{1,249}$")]
    public string CallbacksTopic { get; set; } = "zego-room-callbacks";

    [Required]
    [RegularExpression("^[A-Za-z0-9._-]{1,249}$")]
    public string DeadLetterTopic { get; set; } = "zego-room-callbacks.dlt";

    /// <summary>
    /// Extra librdkafka settings passed through unchanged (security.protocol, sasl.*, ssl.*),
    /// e.g. Kafka__Client__sasl.username. Secrets belong in the environment, never in files.
    /// </summary>
    public Dictionary<string, string> Client { get; set; } = [];
}
