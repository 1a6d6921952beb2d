using Confluent.Kafka;
using KafkaRooms.Rooms.Kafka;

namespace KafkaRooms.Worker.Consuming;

/// <summary>The librdkafka settings of the Worker's consumer and dead-letter producer.</summary>
internal static class KafkaClientSettings
{
    public static ConsumerConfig Consumer(KafkaOptions kafka, WorkerOptions worker)
    {
        // Passthrough first (TLS/SASL), then what the Worker's correctness depends on.
        var config = new ConsumerConfig(new Dictionary<string, string>(kafka.Client))
        {
            BootstrapServers = kafka.BootstrapServers,
            GroupId = worker.GroupId,
            ClientId = $"kafkarooms-worker-{Environment.MachineName}",
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
            // Offsets are stored by the worker only once every earlier message is applied;
            // librdkafka then commits what was stored (periodically, on revocation, on close).
            EnableAutoOffsetStore = false,
            EnableAutoCommit = true,
            AutoCommitIntervalMs = Millis(worker.CommitInterval),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            SessionTimeoutMs = Millis(worker.SessionTimeout),
            MaxPollIntervalMs = Millis(worker.MaxPollInterval),
            EnablePartitionEof = false,
            // Real brokers answer a fetch as soon as data arrives (fetch.min.bytes 1); the wait
            // only bounds empty round trips. The mock cluster holds it whole: see FetchWaitMax.
            FetchWaitMaxMs = Millis(worker.FetchWaitMax),
            AllowAutoCreateTopics = false,
        };
        return config;
    }

    public static ProducerConfig DeadLetterProducer(KafkaOptions kafka, WorkerOptions worker) =>
        new(new Dictionary<string, string>(kafka.Client))
        {
            BootstrapServers = kafka.BootstrapServers,
            ClientId = $"kafkarooms-worker-dlt-{Environment.MachineName}",
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 5,
            MessageTimeoutMs = Millis(worker.DeadLetterTimeout),
            Partitioner = Partitioner.Murmur2Random,
        };

    private static int Millis(TimeSpan value) => (int)Math.Min(int.MaxValue, value.TotalMilliseconds);
}
