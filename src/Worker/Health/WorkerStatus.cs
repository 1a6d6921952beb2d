using System.Diagnostics;

namespace KafkaRooms.Worker.Health;

/// <summary>What the health checks report about the consume loop; written by the loop, read by HTTP requests.</summary>
internal sealed class WorkerStatus
{
    private long _lastPollTimestamp;
    private long _failingSinceTimestamp;
    private volatile bool _running;
    private volatile bool _fatal;
    private volatile int _assignedPartitions;

    public bool Running => _running;

    public bool Fatal => _fatal;

    public int AssignedPartitions => _assignedPartitions;

    /// <summary>How long ago the loop last polled Kafka (it polls at least every batch wait).</summary>
    public TimeSpan SinceLastPoll =>
        Volatile.Read(ref _lastPollTimestamp) is var last and > 0 ? Stopwatch.GetElapsedTime(last) : TimeSpan.MaxValue;

    /// <summary>How long the current batch has been failing, or null while batches succeed.</summary>
    public TimeSpan? FailingFor =>
        Volatile.Read(ref _failingSinceTimestamp) is var since and > 0 ? Stopwatch.GetElapsedTime(since) : null;

    public void LoopStarted()
    {
        Polled();
        _running = true;
    }

    public void LoopStopped() => _running = false;

    public void Polled() => Volatile.Write(ref _lastPollTimestamp, Stopwatch.GetTimestamp());

    public void FatalError() => _fatal = true;

    public void AssignmentChanged(int count) => _assignedPartitions = count;

    public void BatchFailed() => Interlocked.CompareExchange(ref _failingSinceTimestamp, Stopwatch.GetTimestamp(), 0);

    public void BatchSucceeded() => Volatile.Write(ref _failingSinceTimestamp, 0);
}
