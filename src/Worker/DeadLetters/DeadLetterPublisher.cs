using Confluent.Kafka;
using KafkaRooms.Rooms.Kafka;
using KafkaRooms.Worker.Consuming;
using KafkaRooms.Worker.Telemetry;
using Microsoft.Extensions.Options;

namespace KafkaRooms.Worker.DeadLetters;

/// <summary>Where messages that can never be applied go.</summary>
internal interface IDeadLetterPublisher
{
    /// <summary>Completes once every message is durably written; throws when any write failed.</summary>
    Task PublishAsync(IReadOnlyList<RejectedMessage> rejected, CancellationToken cancellationToken);
}

/// <summary>Writes rejected messages to the dead-letter topic and waits until Kafka acknowledged them.</summary>
internal sealed class DeadLetterPublisher : IDeadLetterPublisher, IDisposable
{
    private readonly IProducer<byte[]?, byte[]?> _producer;
    private readonly string _topic;
    private readonly WorkerMetrics _metrics;
    private readonly ILogger<DeadLetterPublisher> _logger;

    public DeadLetterPublisher(
        IOptions<KafkaOptions> kafka, IOptions<WorkerOptions> worker, WorkerMetrics metrics, ILogger<DeadLetterPublisher> logger)
    {
        _topic = kafka.Value.DeadLetterTopic;
        _metrics = metrics;
        _logger = logger;
        _producer = new ProducerBuilder<byte[]?, byte[]?>(KafkaClientSettings.DeadLetterProducer(kafka.Value, worker.Value))
            .SetErrorHandler((_, error) => WorkerLog.DeadLetterProducerError(logger, error.Code, error.Reason, error.IsFatal))
            .SetLogHandler((_, message) => KafkaLog.Write(logger, message))
            .Build();
    }

    /// <summary>Throws when any write failed; the caller retries the whole set (duplicates in the topic are acceptable).</summary>
    public async Task PublishAsync(IReadOnlyList<RejectedMessage> rejected, CancellationToken cancellationToken)
    {
        if (rejected.Count == 0)
        {
            return;
        }

        var deliveries = new Task[rejected.Count];
        for (var i = 0; i < rejected.Count; i++)
        {
            var message = DeadLetterMessageFactory.Create(rejected[i].Source, rejected[i].Reason);
            deliveries[i] = _producer.ProduceAsync(_topic, message, cancellationToken);
        }

        await Task.WhenAll(deliveries).ConfigureAwait(false);
        foreach (var message in rejected)
        {
            WorkerLog.DeadLettered(_logger, message.Source.TopicPartitionOffset.ToString(), message.Reason);
        }

        _metrics.DeadLettered(rejected.Count);
    }

    public void Dispose()
    {
        // Everything published was awaited, so nothing is left to flush.
        _producer.Dispose();
    }
}
