using System.Diagnostics;
using Confluent.Kafka;
using KafkaRooms.Rooms.Kafka;
using KafkaRooms.Worker.Health;
using KafkaRooms.Worker.Telemetry;
using Microsoft.Extensions.Options;

namespace KafkaRooms.Worker.Consuming;

/// <summary>
/// The poll loop, run on one dedicated thread that alone touches the consumer: collect a
/// batch, apply it (while it is applied, keep polling so the group membership holds; pause
/// the partitions once it takes long), then store the offsets that became safe.
/// </summary>
internal sealed class ConsumeLoop
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(100);

    private readonly KafkaOptions _kafka;
    private readonly WorkerOptions _options;
    private readonly MessageDecoder _decoder;
    private readonly BatchApplier _applier;
    private readonly WorkerMetrics _metrics;
    private readonly WorkerStatus _status;
    private readonly ILogger<ConsumeLoop> _logger;
    private readonly OffsetTracker _tracker = new();
    private readonly BatchCollector _collector;
    private readonly TimeSpan _keepAlivePoll;
    private IConsumer<byte[]?, byte[]?>? _consumer;
    private Error? _fatalError;
    private volatile bool _killed;
    private bool _paused;
    private long _pausedSince;
    private readonly List<BatchInFlight> _inFlight = [];

    public ConsumeLoop(
        IOptions<KafkaOptions> kafka,
        IOptions<WorkerOptions> options,
        MessageDecoder decoder,
        BatchApplier applier,
        WorkerMetrics metrics,
        WorkerStatus status,
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
    }

    /// <summary>The fatal Kafka error that ended the loop, if any.</summary>
    public Error? FatalError => _fatalError;

    /// <summary>
    /// Test hook: ends the loop as a crash would, without storing, committing or closing
    /// (the group notices only after the session timeout).
    /// </summary>
    public void Kill() => _killed = true;

    /// <param name="stopping">Stop taking new batches.</param>
    /// <param name="abort">Give up the batch in flight (host shutdown timeout).</param>
    public void Run(CancellationToken stopping, CancellationToken abort)
    {
        var consumer = _consumer = new ConsumerBuilder<byte[]?, byte[]?>(KafkaClientSettings.Consumer(_kafka, _options))
            .SetErrorHandler(OnError)
            .SetLogHandler((_, message) => KafkaLog.Write(_logger, message))
            .SetPartitionsAssignedHandler(OnAssigned)
            .SetPartitionsRevokedHandler(OnRevoked)
            .SetPartitionsLostHandler(OnLost)
            .Build();
        var closed = false;
        try
        {
            consumer.Subscribe(_kafka.CallbacksTopic);
            _status.LoopStarted();
            WorkerLog.Started(_logger, _kafka.CallbacksTopic, _options.GroupId, _kafka.BootstrapServers);
            while (!stopping.IsCancellationRequested && _fatalError is null && !_killed)
            {
                Reap(consumer);
                if (_inFlight.Count < _options.MaxBatchesInFlight && !_paused)
                {
                    var batch = _collector.Collect(Poll, stopping);
                    if (batch.Count > 0 && !_killed)
                    {
                        Start(batch, stopping, abort);
                    }
                }
                else
                {
                    KeepAlive(consumer);
                }
            }

            // Stopping: the batches in flight get their drain time, the group membership holds meanwhile.
            while (_inFlight.Count > 0 && _fatalError is null && !_killed)
            {
                KeepAlive(consumer);
                Reap(consumer);
            }
        }
        catch (KafkaException ex) when (ex.Error.IsFatal)
        {
            _fatalError = ex.Error;
        }
        finally
        {
            _status.LoopStopped();
            if (_killed)
            {
                WorkerLog.Killed(_logger);
            }
            else
            {
                if (_fatalError is null)
                {
                    Commit(consumer, null);
                }

                closed = CloseWithin(consumer, _options.CloseTimeout);
            }

            // After a Close() that timed out the handle may still be in use: leave it to the finalizer.
            if (closed || _killed)
            {
                consumer.Dispose();
            }
        }

        if (_fatalError is { } fatal)
        {
            _status.FatalError();
            WorkerLog.FatalKafkaError(_logger, fatal.Code, fatal.Reason);
        }
    }

    /// <summary>Decodes a batch and starts applying it on the thread pool; the poll thread goes on.</summary>
    private void Start(List<ConsumeResult<byte[]?, byte[]?>> batch, CancellationToken stopping, CancellationToken abort)
    {
        _metrics.Consumed(batch.Count);
        var decoded = _decoder.Decode(batch);
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(abort);
        // On shutdown a batch in flight gets a little time to finish, then it is abandoned.
        var drain = stopping.Register(() => cancel.CancelAfter(_options.DrainTimeout));
        var token = cancel.Token;
        var applying = Task.Run(() => _applier.ApplyAsync(decoded, token), CancellationToken.None);
        _inFlight.Add(new BatchInFlight(batch, applying, cancel, drain, Stopwatch.GetTimestamp()));
    }

    /// <summary>
    /// One step while the batches in flight are full (or paused): poll so the group membership
    /// holds, keeping what arrives for the next batch; pause the partitions once the oldest batch
    /// takes longer than <see cref="WorkerOptions.PauseAfter"/> (Redis down, dead-letter topic down).
    /// </summary>
    private void KeepAlive(IConsumer<byte[]?, byte[]?> consumer)
    {
        if (_inFlight.Count == 0)
        {
            return;
        }

        if (_fatalError is not null || _killed)
        {
            foreach (var batch in _inFlight)
            {
                batch.Cancel.Cancel();
            }

            return;
        }

        var elapsed = Stopwatch.GetElapsedTime(_inFlight[0].Started);
        if (!_paused && elapsed >= _options.PauseAfter)
        {
            _paused = true;
            _pausedSince = _inFlight[0].Started;
            WorkerLog.Paused(_logger, elapsed);
        }

        if (_paused)
        {
            // Also pauses partitions assigned since; fetched messages keep their place in the carry-over.
            consumer.Pause(consumer.Assignment);
        }
        else if (_collector.CarryOverFull)
        {
            // The next batch is ready; polling would only buffer more.
            Task.WaitAny([.. _inFlight.Select(b => b.Applying)], _keepAlivePoll);
            return;
        }

        if (Poll(_keepAlivePoll) is { } message)
        {
            _collector.CarryOver(message);
        }
    }

    /// <summary>Stores the offsets that finished batches made safe, oldest batch first.</summary>
    private void Reap(IConsumer<byte[]?, byte[]?> consumer)
    {
        for (var i = 0; i < _inFlight.Count;)
        {
            var batch = _inFlight[i];
            if (!batch.Applying.IsCompleted)
            {
                i++;
                continue;
            }

            _inFlight.RemoveAt(i);
            batch.Drain.Dispose();
            batch.Cancel.Dispose();
            if (batch.Applying.IsCompletedSuccessfully && !_killed)
            {
                StoreOffsets(consumer, _tracker.Complete(batch.Messages.Select(m => m.TopicPartitionOffset)));
                UpdateLag(consumer, batch.Messages);
            }
            else
            {
                // Only shutdown ends the retries; nothing of this batch is stored.
                WorkerLog.BatchAbandoned(_logger);
            }
        }

        if (_paused && (_inFlight.Count == 0 || Stopwatch.GetElapsedTime(_inFlight[0].Started) < _options.PauseAfter))
        {
            _paused = false;
            consumer.Resume(consumer.Assignment);
            WorkerLog.Resumed(_logger, Stopwatch.GetElapsedTime(_pausedSince));
        }
    }

    private ConsumeResult<byte[]?, byte[]?>? Poll(TimeSpan timeout)
    {
        var consumer = _consumer!;
        ConsumeResult<byte[]?, byte[]?>? result;
        try
        {
            result = consumer.Consume(timeout);
        }
        catch (ConsumeException ex) when (!ex.Error.IsFatal)
        {
            WorkerLog.ConsumeError(_logger, ex.Error.Code, ex.Error.Reason);
            return null;
        }

        _status.Polled();
        if (result is null || result.IsPartitionEOF)
        {
            return null;
        }

        if (!_tracker.Track(result.TopicPartitionOffset))
        {
            WorkerLog.PartitionRestarted(_logger, result.TopicPartitionOffset.ToString());
        }

        return result;
    }

    private void StoreOffsets(IConsumer<byte[]?, byte[]?> consumer, IReadOnlyList<TopicPartitionOffset> positions)
    {
        foreach (var position in positions)
        {
            try
            {
                consumer.StoreOffset(position);
            }
            catch (KafkaException ex) when (KafkaErrors.IsNotAssigned(ex.Error))
            {
                // Revoked while the batch was applied: the next owner reapplies it, harmlessly.
                WorkerLog.OffsetOfRevokedPartition(_logger, position.TopicPartition.ToString());
            }
        }
    }

    private void UpdateLag(IConsumer<byte[]?, byte[]?> consumer, List<ConsumeResult<byte[]?, byte[]?>> batch)
    {
        foreach (var last in batch.GroupBy(m => m.TopicPartition).Select(g => g.Last()))
        {
            var watermarks = consumer.GetWatermarkOffsets(last.TopicPartition);
            if (watermarks.High != Offset.Unset)
            {
                _metrics.SetLag(last.TopicPartition, watermarks.High.Value - (last.Offset.Value + 1));
            }
        }
    }

    private void Commit(IConsumer<byte[]?, byte[]?> consumer, IReadOnlyList<TopicPartition>? partitions)
    {
        try
        {
            if (partitions is null)
            {
                consumer.Commit();
                return;
            }

            var positions = partitions
                .Select(p => _tracker.CommitPosition(p) is { } position ? new TopicPartitionOffset(p, position) : null)
                .OfType<TopicPartitionOffset>()
                .ToList();
            if (positions.Count > 0)
            {
                consumer.Commit(positions);
            }
        }
        catch (KafkaException ex) when (KafkaErrors.IsNothingToCommit(ex.Error))
        {
        }
        catch (KafkaException ex) when (!ex.Error.IsFatal)
        {
            WorkerLog.CommitFailed(_logger, ex.Error.Code, ex.Error.Reason);
        }
    }

    private bool CloseWithin(IConsumer<byte[]?, byte[]?> consumer, TimeSpan timeout)
    {
        var closing = Task.Run(consumer.Close);
        try
        {
            if (closing.Wait(timeout))
            {
                WorkerLog.Closed(_logger);
                return true;
            }
        }
        catch (AggregateException ex) when (ex.InnerException is KafkaException kafka)
        {
            WorkerLog.CommitFailed(_logger, kafka.Error.Code, kafka.Error.Reason);
            return true;
        }

        WorkerLog.CloseTimedOut(_logger, timeout);
        return false;
    }

    private void OnError(IConsumer<byte[]?, byte[]?> consumer, Error error)
    {
        if (error.IsFatal)
        {
            _fatalError ??= error;
        }
        else
        {
            WorkerLog.TransientKafkaError(_logger, error.Code, error.Reason);
        }
    }

    private void OnAssigned(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartition> partitions)
    {
        _status.AssignmentChanged(consumer.Assignment.Count + partitions.Count);
        if (partitions.Count > 0)
        {
            WorkerLog.PartitionsAssigned(_logger, string.Join(", ", partitions));
        }
    }

    private void OnRevoked(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartitionOffset> revoked)
    {
        var partitions = revoked.Select(p => p.TopicPartition).ToList();
        if (partitions.Count > 0)
        {
            WorkerLog.PartitionsRevoked(_logger, string.Join(", ", partitions));
        }

        // Hand over exactly what is done, so the next owner starts where this one stopped.
        if (!_killed)
        {
            Commit(consumer, partitions);
        }

        Forget(consumer, partitions);
    }

    private void OnLost(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartitionOffset> lost)
    {
        var partitions = lost.Select(p => p.TopicPartition).ToList();
        WorkerLog.PartitionsLost(_logger, string.Join(", ", partitions));
        Forget(consumer, partitions);
    }

    private void Forget(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartition> partitions)
    {
        _tracker.Forget(partitions);
        _collector.Drop(partitions);
        _metrics.ForgetLag(partitions);
        _status.AssignmentChanged(Math.Max(0, consumer.Assignment.Count - partitions.Count));
    }

    private sealed record BatchInFlight(
        List<ConsumeResult<byte[]?, byte[]?>> Messages,
        Task Applying,
        CancellationTokenSource Cancel,
        CancellationTokenRegistration Drain,
        long Started);
}
