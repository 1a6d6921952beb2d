using System.Diagnostics;
using Confluent.Kafka;
using KafkaRooms.Ingest.Callbacks;
using KafkaRooms.Ingest.Telemetry;
using KafkaRooms.Rooms.Contract;
using KafkaRooms.Rooms.Kafka;
using Microsoft.Extensions.Options;

namespace KafkaRooms.Ingest.Publishing;

/// <summary>
/// The one idempotent producer of this process. A callback is answered 2xx only after the
/// delivery report of its message came back without error (acks=all). Each message carries
/// the callback request's trace context (RoomEventMessage.Headers). Hosted, so it is built
/// when the host starts and flushed when it stops, after the server has drained its requests.
/// </summary>
internal sealed class CallbackPublisher : IHostedService, IDisposable
{
    private static readonly TimeSpan BackstopMargin = TimeSpan.FromMilliseconds(250);
    private readonly ProducerConfig _config;
    private readonly string _topic;
    private readonly TimeSpan _publishTimeout;
    private readonly IngestMetrics _metrics;
    private readonly ILogger<CallbackPublisher> _logger;
    private readonly Lock _replaceLock = new();
    private readonly PendingDeliveries _deliveries = new();
    private volatile IProducer<byte[], byte[]> _producer;

    public CallbackPublisher(
        IOptions<KafkaOptions> kafka, IOptions<IngestOptions> ingest, IngestMetrics metrics, ILogger<CallbackPublisher> logger)
    {
        _topic = kafka.Value.CallbacksTopic;
        _publishTimeout = ingest.Value.PublishTimeout;
        _metrics = metrics;
        _logger = logger;
        _config = CreateConfig(kafka.Value, _publishTimeout);
        _producer = Build();
        PublisherLog.Started(logger, _topic, kafka.Value.BootstrapServers, _publishTimeout);
    }

    public string Topic => _topic;

    /// <summary>The librdkafka handle, for clients that share its connections (readiness check).</summary>
    public Handle Handle => _producer.Handle;

    internal static ProducerConfig CreateConfig(KafkaOptions kafka, TimeSpan publishTimeout)
    {
        var config = new ProducerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            ClientId = "kafkarooms-ingest",
            // Every request waits for its batch: a short linger keeps latency low, and under
            // load batches still form while earlier produce requests are in flight. Batch sizes
            // and in-flight requests (5 with idempotence) stay at librdkafka's defaults: measured
            // in docs/benchmarks.md, "librdkafka's batching".
            LingerMs = 1,
            // Keys land where Java clients would put them (murmur2 of the key bytes).
            Partitioner = Partitioner.Murmur2Random,
            // A write nobody will be told about is given up at the same time as the request.
            MessageTimeoutMs = (int)publishTimeout.TotalMilliseconds,
            // A report needs the error, partition and offset only: copying key, value, headers,
            // timestamp and status back from librdkafka for every message is wasted work.
            DeliveryReportFields = "none",
        };

        // TLS/SASL and tuning pass through unchanged (Kafka__Client__sasl.username=...).
        foreach (var (name, value) in kafka.Client)
        {
            config.Set(name, value);
        }

        // The acknowledgement promise rests on these two; no passthrough may weaken them.
        config.EnableIdempotence = true;
        config.Acks = Acks.All;
        return config;
    }

    public async ValueTask<PublishResult> PublishAsync(RoomEvent roomEvent)
    {
        var message = new Message<byte[], byte[]>
        {
            Key = RoomEventMessage.Key(roomEvent),
            Value = RoomEventMessage.Value(roomEvent),
            Headers = Headers(roomEvent),
        };

        // Produce with a delivery handler rather than ProduceAsync: no task, completion source
        // or cancellation registration per message (docs/benchmarks.md, "Ingest"). The
        // producer's own message timeout normally reports first, with the real reason; the
        // backstop answers if its report is late.
        var started = Stopwatch.GetTimestamp();
        var pending = _deliveries.Rent();
        pending.Start(_publishTimeout + BackstopMargin);
        try
        {
            _producer.Produce(_topic, message, pending.Report);
        }
        catch (KafkaException ex)
        {
            pending.Abandon();
            return NotConfirmed(roomEvent, started, "failed", $"{ex.Error.Code}: {ex.Error.Reason}");
        }

        var delivery = await pending.Task.ConfigureAwait(false);
        if (delivery is { Reported: true, Error: null })
        {
            _metrics.Published(Stopwatch.GetElapsedTime(started), "confirmed");
            return PublishResult.Written(delivery.Partition, delivery.Offset);
        }

        return delivery.Error is { } error
            ? NotConfirmed(roomEvent, started, error.Code == ErrorCode.Local_MsgTimedOut ? "timeout" : "failed", $"{error.Code}: {error.Reason}")
            : NotConfirmed(roomEvent, started, "timeout", $"no delivery report within {_publishTimeout}");
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private PublishResult NotConfirmed(RoomEvent roomEvent, long started, string metricResult, string failure)
    {
        _metrics.Published(Stopwatch.GetElapsedTime(started), metricResult);
        PublisherLog.NotConfirmed(_logger, roomEvent.Kind.ToWireName(), roomEvent.RoomId, roomEvent.AppId, failure);
        return PublishResult.NotConfirmed(failure);
    }

    private static Headers Headers(RoomEvent roomEvent)
    {
        var headers = new Headers();
        foreach (var (name, value) in RoomEventMessage.Headers(roomEvent))
        {
            headers.Add(name, value);
        }

        return headers;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        // The server is the last hosted service to start, so it stops first: requests have
        // drained by now; give in-flight writes their chance.
        var unflushed = _producer.Flush(TimeSpan.FromSeconds(5));
        if (unflushed > 0)
        {
            PublisherLog.UnflushedAtShutdown(_logger, unflushed);
        }

        return Task.CompletedTask;
    }

    public void Dispose() => _producer.Dispose();

    private IProducer<byte[], byte[]> Build() =>
        new ProducerBuilder<byte[], byte[]>(_config)
            .SetErrorHandler(OnError)
            .SetLogHandler((_, log) => PublisherLog.Librdkafka(_logger, ToLogLevel(log.Level), log.Facility, log.Message))
            .Build();

    private void OnError(IProducer<byte[], byte[]> producer, Error error)
    {
        if (!error.IsFatal)
        {
            PublisherLog.ProducerError(_logger, error.Code, error.Reason);
            return;
        }

        // A fatal idempotence error leaves the producer unusable; its queued messages fail
        // (503, ZEGO retries) and a fresh producer takes over.
        PublisherLog.ProducerFatal(_logger, error.Code, error.Reason);
        lock (_replaceLock)
        {
            if (!ReferenceEquals(producer, _producer))
            {
                return;
            }

            _producer = Build();
        }

        _ = Task.Run(producer.Dispose);
    }

    private static LogLevel ToLogLevel(SyslogLevel level) => level switch
    {
        SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical => LogLevel.Critical,
        SyslogLevel.Error => LogLevel.Error,
        SyslogLevel.Warning => LogLevel.Warning,
        SyslogLevel.Notice or SyslogLevel.Info => LogLevel.Information,
        _ => LogLevel.Debug,
    };
}
