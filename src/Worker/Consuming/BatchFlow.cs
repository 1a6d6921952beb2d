using System.Diagnostics;
using Confluent.Kafka;
using KafkaRooms.Worker.Repair;
using KafkaRooms.Worker.Telemetry;

namespace KafkaRooms.Worker.Consuming;

/// <summary>
/// Flow control: up to <see cref="WorkerOptions.MaxBatchesInFlight"/> batches are applied at
/// once on the thread pool while the poll thread goes on; once the oldest has run longer than
/// <see cref="WorkerOptions.PauseAfter"/> (Redis or the dead-letter topic down) the assigned
/// partitions are paused, and resumed when it finishes (except those the repair holds). Finished
/// batches are handed over oldest first. Used only from the poll thread.
/// </summary>
internal sealed class BatchFlow(
    IConsumer<byte[]?, byte[]?> consumer,
    MessageDecoder decoder,
    BatchApplier applier,
    Action<ClaimedOffsets> applied,
    StateRepair repair,
    WorkerOptions options,
    WorkerMetrics metrics,
    ILogger logger)
{
    private readonly List<BatchInFlight> _inFlight = [];
    private long _pausedSince;

    public bool Paused { get; private set; }

    public bool Idle => _inFlight.Count == 0;

    /// <summary>Whether the loop may start another batch now.</summary>
    public bool HasRoom => _inFlight.Count < options.MaxBatchesInFlight && !Paused;

    /// <summary>
    /// Decodes a batch and starts applying it: the poll thread sends the script calls itself and
    /// goes on once they are on their way (no hop to the thread pool per batch, which under a
    /// trickle cost more than the batch); the rest completes on Redis's replies.
    /// </summary>
    public void Start(List<ConsumeResult<byte[]?, byte[]?>> batch, ClaimedOffsets claimed, CancellationToken stopping, CancellationToken abort)
    {
        metrics.Consumed(batch.Count);
        // A partition under repair applies again only what a shard that lost writes lacks.
        var decoded = repair.Filter(decoder.Decode(batch));
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(abort);
        // On shutdown a batch in flight gets a little time to finish, then it is abandoned.
        var drain = stopping.Register(() => cancel.CancelAfter(options.DrainTimeout));
        var token = cancel.Token;
        var applying = applier.ApplyAsync(decoded, token);
        _inFlight.Add(new BatchInFlight(claimed, applying, cancel, drain, Stopwatch.GetTimestamp()));
    }

    /// <summary>Hands finished batches over (oldest first) and resumes the partitions once nothing is slow any more.</summary>
    public void Reap()
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
            if (batch.Applying.IsCompletedSuccessfully)
            {
                applied(batch.Offsets);
            }
            else
            {
                // Only shutdown ends the retries; nothing of this batch is stored.
                WorkerLog.BatchAbandoned(logger);
            }
        }

        if (Paused && (_inFlight.Count == 0 || Stopwatch.GetElapsedTime(_inFlight[0].Started) < options.PauseAfter))
        {
            Paused = false;
            consumer.Resume(repair.Resumable(consumer.Assignment));
            WorkerLog.Resumed(logger, Stopwatch.GetElapsedTime(_pausedSince));
        }
    }

    /// <summary>
    /// Pauses the assigned partitions while the oldest batch takes longer than PauseAfter; also
    /// pauses partitions assigned since. Returns whether they are paused.
    /// </summary>
    public bool PauseIfSlow()
    {
        if (_inFlight.Count == 0)
        {
            return Paused;
        }

        var elapsed = Stopwatch.GetElapsedTime(_inFlight[0].Started);
        if (!Paused && elapsed >= options.PauseAfter)
        {
            Paused = true;
            _pausedSince = _inFlight[0].Started;
            WorkerLog.Paused(logger, elapsed);
        }

        if (Paused)
        {
            // Fetched messages keep their place in the carry-over.
            consumer.Pause(consumer.Assignment);
        }

        return Paused;
    }

    /// <summary>Blocks until a batch in flight finishes or <paramref name="timeout"/> passes.</summary>
    public void WaitForAny(TimeSpan timeout)
    {
        if (_inFlight.Count > 0)
        {
            Task.WaitAny([.. _inFlight.Select(b => b.Applying)], timeout);
        }
    }

    /// <summary>Gives up every batch in flight (fatal error, drain time over): none of them is stored.</summary>
    public void Abandon()
    {
        foreach (var batch in _inFlight)
        {
            batch.Cancel.Cancel();
        }
    }

    private sealed record BatchInFlight(
        ClaimedOffsets Offsets, Task Applying, CancellationTokenSource Cancel, CancellationTokenRegistration Drain, long Started);
}
