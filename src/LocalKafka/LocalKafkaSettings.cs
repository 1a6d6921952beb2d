namespace KafkaRooms.LocalKafka;

/// <summary>
/// Command line of the local Kafka: <c>--brokers N</c>, <c>--topic name:partitions</c>
/// (repeatable), <c>--bootstrap-file path</c>. Environment defaults: LOCAL_KAFKA_BROKERS,
/// KAFKA_CALLBACKS_TOPIC, KAFKA_DEAD_LETTER_TOPIC.
/// </summary>
public sealed record LocalKafkaSettings(int Brokers, IReadOnlyList<(string Topic, int Partitions)> Topics, string? BootstrapFile)
{
    public const string DefaultCallbacksTopic = "zego-room-callbacks";
    public const string DefaultDeadLetterTopic = "zego-room-callbacks.dlt";
    public const int CallbacksPartitions = 12;
    public const int DeadLetterPartitions = 3;

    public static LocalKafkaSettings Parse(string[] args, Func<string, string?> environment)
    {
        var brokers = int.TryParse(environment("LOCAL_KAFKA_BROKERS"), out var b) ? b : 3;
        var topics = new List<(string, int)>();
        string? bootstrapFile = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--brokers":
                    brokers = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "--topic":
                    topics.Add(ParseTopic(Next()));
                    break;
                case "--bootstrap-file":
                    bootstrapFile = Next();
                    break;
                default:
                    throw new ArgumentException($"unknown argument {args[i]} (use --brokers N, --topic name:partitions, --bootstrap-file path)");
            }
        }

        if (brokers < 1)
        {
            throw new ArgumentException("--brokers must be at least 1");
        }

        if (topics.Count == 0)
        {
            topics.Add((environment("KAFKA_CALLBACKS_TOPIC") ?? DefaultCallbacksTopic, CallbacksPartitions));
            topics.Add((environment("KAFKA_DEAD_LETTER_TOPIC") ?? DefaultDeadLetterTopic, DeadLetterPartitions));
        }

        return new LocalKafkaSettings(brokers, topics, bootstrapFile);
    }

    private static (string, int) ParseTopic(string value)
    {
        var colon = value.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(value.AsSpan(colon + 1), out var partitions) || partitions < 1)
        {
            throw new ArgumentException($"--topic {value}: expected name:partitions, e.g. {DefaultCallbacksTopic}:{CallbacksPartitions}");
        }

        return (value[..colon], partitions);
    }
}
