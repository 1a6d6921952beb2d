using System.Text;
using Confluent.Kafka;
using KafkaRooms.Rooms.Contract;
using KafkaRooms.Rooms.Kafka;
using KafkaRooms.Worker.Telemetry;
using Microsoft.Extensions.Options;

namespace KafkaRooms.Worker.Reconciliation;

/// <summary>
/// Publishes corrective events to the callbacks topic as Ingest publishes callbacks (key = room
/// id, murmur2 so they land in the room's partition, the usual headers) plus <c>source=reconcile</c>,
/// with its own idempotent producer (acks=all), built on first use: a Worker that reconciles no
/// app never connects it. The Worker applies them by the ordinary rules; nothing here writes Redis.
/// </summary>
internal sealed class CorrectionPublisher : IDisposable
{
    private static readonly byte[] ReconcileSource = Encoding.ASCII.GetBytes(RoomEventHeaders.ReconcileSource);

    private readonly string _topic;
    private readonly Lazy<IProducer<byte[], byte[]>> _producer;

    public CorrectionPublisher(IOptions<KafkaOptions> kafka, ILogger<CorrectionPublisher> logger)
    {
        _topic = kafka.Value.CallbacksTopic;
        var config = ProducerConfigFor(kafka.Value);
        _producer = new Lazy<IProducer<byte[], byte[]>>(() => new ProducerBuilder<byte[], byte[]>(config)
            .SetErrorHandler((_, error) => ReconciliationLog.ProducerError(logger, error.Code, error.Reason, error.IsFatal))
            .SetLogHandler((_, message) => KafkaLog.Write(logger, message))
            .Build());
    }

    internal static ProducerConfig ProducerConfigFor(KafkaOptions kafka)
    {
        // Passthrough first (TLS/SASL), then what the promise rests on: no passthrough weakens it.
        var config = new ProducerConfig(new Dictionary<string, string>(kafka.Client))
        {
            BootstrapServers = kafka.BootstrapServers,
            ClientId = $"kafkarooms-reconciler-{Environment.MachineName}",
            Partitioner = Partitioner.Murmur2Random,
            MessageTimeoutMs = 30_000,
        };
        config.EnableIdempotence = true;
        config.Acks = Acks.All;
        return config;
    }

    /// <summary>Completes once Kafka acknowledged every event; throws when any write failed (publishing again is harmless).</summary>
    public async Task PublishAsync(IReadOnlyList<RoomEvent> events, CancellationToken cancellationToken)
    {
        var deliveries = events.Select(roomEvent =>
        {
            var headers = new Headers();
            foreach (var (name, value) in RoomEventMessage.Headers(roomEvent))
            {
                headers.Add(name, value);
            }

            headers.Add(RoomEventHeaders.Source, ReconcileSource);
            var message = new Message<byte[], byte[]> { Key = RoomEventMessage.Key(roomEvent), Value = RoomEventMessage.Value(roomEvent), Headers = headers };
            return _producer.Value.ProduceAsync(_topic, message, cancellationToken);
        }).ToList();
        await Task.WhenAll(deliveries).ConfigureAwait(false);
    }

    public void Dispose()
    {
        // Everything published was awaited, so nothing is left to flush.
        if (_producer.IsValueCreated)
        {
            _producer.Value.Dispose();
        }
    }
}
