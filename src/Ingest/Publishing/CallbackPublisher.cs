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
/// delivery report of its message came back without error (acks=all).
/// </summary>
internal sealed class CallbackPublisher : IDisposable
{

    private readonly ProducerConfig _config;
    private readonly string _topic;
    private readonly TimeSpan _publishTimeout;
    private readonly IngestMetrics _metrics;
    private readonly ILogger<CallbackPublisher> _logger;
    private readonly Lock _replaceLock = new();
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
            // load batches still form while earlier produce requests are in flight.
            LingerMs = 1,
            // Keys land where Java clients would put them (murmur2 of the key bytes).
            Partitioner = Partitioner.Murmur2Random,
            // A write nobody will be told about is given up at the same time as the request.
            MessageTimeoutMs = (int)publishTimeout.TotalMilliseconds,
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

    public async Task<PublishResult> PublishAsync(RoomEvent roomEvent, CancellationToken requestAborted)
    {
        var kind = roomEvent.Kind.ToWireName();
        var headers = new Headers();
        foreach (var (name, value) in RoomEventMessage.Headers(roomEvent))
        {
            headers.Add(name, value);
        }

        var message = new Message<byte[], byte[]>
        {
            Key = RoomEventMessage.Key(roomEvent),
            Value = RoomEventMessage.Value(roomEvent),
            Headers = headers,
        };

        // The producer's own message timeout normally answers first, with the real reason;
        // this is the backstop if its report is late.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        timeout.CancelAfter(_publishTimeout + TimeSpan.FromMilliseconds(250));
        var started = Stopwatch.GetTimestamp();
        PublishResult result;
        try
        {
            var report = await _producer.ProduceAsync(_topic, message, timeout.Token).ConfigureAwait(false);
            _metrics.Published(Stopwatch.GetElapsedTime(started), "confirmed");
            return PublishResult.Written(report.Partition.Value, report.Offset.Value);
        }
        catch (ProduceException<byte[], byte[]> ex)
        {
            _metrics.Published(Stopwatch.GetElapsedTime(started), ex.Error.Code == ErrorCode.Local_MsgTimedOut ? "timeout" : "failed");
            result = PublishResult.NotConfirmed($"{ex.Error.Code}: {ex.Error.Reason}");
        }
        catch (OperationCanceledException) when (!requestAborted.IsCancellationRequested)
        {
            _metrics.Published(Stopwatch.GetElapsedTime(started), "timeout");
            result = PublishResult.NotConfirmed($"no delivery report within {_publishTimeout}");
        }
        catch (KafkaException ex)
        {
            _metrics.Published(Stopwatch.GetElapsedTime(started), "failed");
            result = PublishResult.NotConfirmed($"{ex.Error.Code}: {ex.Error.Reason}");
        }

        PublisherLog.NotConfirmed(_logger, kind, roomEvent.RoomId, roomEvent.AppId, result.Failure!);
        return result;
    }

    public void Dispose()
    {
        // Graceful shutdown: requests have drained; give in-flight writes their chance.
        var unflushed = _producer.Flush(TimeSpan.FromSeconds(5));
        if (unflushed > 0)
        {
            PublisherLog.UnflushedAtShutdown(_logger, unflushed);
        }

        _producer.Dispose();
    }

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
