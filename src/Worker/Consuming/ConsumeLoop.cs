using System.Diagnostics;
using Confluent.Kafka;
using KafkaRooms.Rooms.Kafka;
using KafkaRooms.Rooms.Redis;
using KafkaRooms.Worker.Health;
using KafkaRooms.Worker.Repair;
using KafkaRooms.Worker.Telemetry;
using Microsoft.Extensions.Options;

namespace KafkaRooms.Worker.Consuming;

/// <summary>
/// The poll loop, run on one dedicated thread that alone touches the consumer: collect a batch
/// and hand it to the flow control; while no batch may start, keep polling so the group
/// membership holds. What is stored and committed is <see cref="PartitionOwnership"/>'s, how
/// many batches run at once and pausing is <see cref="BatchFlow"/>'s, checkpoints and repair are
/// <see cref="StateRepair"/>'s (docs/worker.md).
/// </summary>
internal sealed class ConsumeLoop
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(100);

    /// <summary>How long the drain may outlast DrainTimeout (the batches are cancelled then; this covers their unwinding).</summary>
    private static readonly TimeSpan DrainGrace = TimeSpan.FromMilliseconds(500);

    private readonly KafkaOptions _kafka;
    private readonly WorkerOptions _options;
    private readonly MessageDecoder _decoder;
    private readonly BatchApplier _applier;
    private readonly WorkerMetrics _metrics;
    private readonly WorkerStatus _status;
    private readonly ILogger<ConsumeLoop> _logger;
    private readonly BatchCollector _collector;
    private readonly TimeSpan _keepAlivePoll;
    private readonly PartitionOwnership _ownership;
    private readonly StateRepair _repair;

    public ConsumeLoop(
        IOptions<KafkaOptions> kafka,
        IOptions<WorkerOptions> options,
        MessageDecoder decoder,
        BatchApplier applier,
        WorkerMetrics metrics,
        WorkerStatus status,
        CheckpointRounds checkpoints,
        IOptions<RoomStateOptions> state,
        TimeProvider timeProvider,
        ILogger<ConsumeLoop> logger)
    {
        _kafka = kafka.Value;
        _options = options.Value;
        _decoder = decoder;
        _applier = applier;
        _metrics = metrics;
        _status = status;
        _logger = logger;
        _collector = new BatchCollector(_options.MaxBatchSize, _options.MaxBatchWait, IdlePoll, timeProvider);
        _keepAlivePoll = TimeSpan.FromTicks(Math.Min(_options.MaxBatchWait.Ticks, TimeSpan.FromMilliseconds(20).Ticks));
        _repair = new StateRepair(
            checkpoints,
            new KafkaClusterIdSource(_kafka, logger),
            new RoomKeySchema(state.Value.KeyPrefix, state.Value.BucketCount),
            _options,
            metrics,
            logger);
        _ownership = new PartitionOwnership(_collector, _repair, _options, metrics, status, logger);
    }

    /// <summary>The fatal Kafka error that ended the loop, if any.</summary>
    public Error? FatalError => _ownership.FatalError;

    /// <param name="stopping">Stop taking new batches.</param>
    /// <param name="abort">Give up the batch in flight (host shutdown timeout).</param>
    public void Run(CancellationToken stopping, CancellationToken abort)
    {
        var consumer = _ownership.Build(KafkaClientSettings.Consumer(_kafka, _options));
        var flow = new BatchFlow(consumer, _decoder, _applier, _ownership.Applied, _repair, _options, _metrics, _logger);
        var closed = false;
        try
        {
            _repair.Start(stopping);
            consumer.Subscribe(_kafka.CallbacksTopic);
            _status.LoopStarted();
            WorkerLog.Started(_logger, _kafka.CallbacksTopic, _options.GroupId, _kafka.BootstrapServers);
            while (!stopping.IsCancellationRequested && FatalError is null)
            {
                flow.Reap();
                _ownership.Step();
                if (flow.HasRoom)
                {
                    var batch = _collector.Collect(Poll, stopping);
                    if (batch.Count > 0)
                    {
                        flow.Start(batch, _ownership.Claim(batch), stopping, abort);
                    }
                }
                else
                {
                    KeepAlive(flow);
                }
            }

            Drain(flow);
        }
        catch (KafkaException ex) when (ex.Error.IsFatal)
        {
            _ownership.Handle(ex.Error);
        }
        finally
        {
            _status.LoopStopped();
            flow.Abandon();
            closed = _ownership.CloseWithin(_options.CloseTimeout);
            // After a Close() that timed out the handle may still be in use: leave it to the finalizer.
            if (closed)
            {
                consumer.Dispose();
            }
        }

        if (FatalError is { } fatal)
        {
            _status.FatalError();
            WorkerLog.FatalKafkaError(_logger, fatal.Code, fatal.Reason);
        }
    }

    /// <summary>
    /// Stopping: the batches in flight get DrainTimeout to finish (then they are cancelled) while
    /// the group membership holds; bounded even if a batch ignores its cancellation.
    /// </summary>
    private void Drain(BatchFlow flow)
    {
        var started = Stopwatch.GetTimestamp();
        while (!flow.Idle && FatalError is null && Stopwatch.GetElapsedTime(started) < _options.DrainTimeout + DrainGrace)
        {
            KeepAlive(flow);
            flow.Reap();
            _ownership.Step();
        }
    }

    /// <summary>
    /// One step while no batch may start: poll so the group membership holds, keeping what arrives
    /// for the next batch; when the next batch is already full, wait for a batch to finish instead.
    /// </summary>
    private void KeepAlive(BatchFlow flow)
    {
        if (!flow.PauseIfSlow() && _collector.CarryOverFull)
        {
            flow.WaitForAny(_keepAlivePoll);
            return;
        }

        if (Poll(_keepAlivePoll) is { } message)
        {
            _collector.CarryOver(message);
        }
    }

    private ConsumeResult<byte[]?, byte[]?>? Poll(TimeSpan timeout)
    {
        while (true)
        {
            ConsumeResult<byte[]?, byte[]?>? result;
            try
            {
                // Whole milliseconds, rounded up: a wait below 1 ms would become a busy poll.
                result = _ownership.Consumer.Consume((int)Math.Ceiling(timeout.TotalMilliseconds));
            }
            catch (ConsumeException ex) when (!ex.Error.IsFatal)
            {
                _ownership.Handle(ex.Error);
                return null;
            }

            _status.Polled();
            if (result is null || result.IsPartitionEOF)
            {
                return null;
            }

            if (_ownership.Track(result))
            {
                return result;
            }

            // Dropped (its partition waits for its checkpoints or a seek): take the next one without waiting.
            timeout = TimeSpan.Zero;
        }
    }
}
