using System.Threading.Tasks.Sources;
using Confluent.Kafka;

namespace KafkaRooms.Ingest.Publishing;

/// <summary>
/// One produced message waiting for its delivery report: what the request awaits, completed by
/// the producer's delivery handler or, if that report is late, by a backstop timer. Reused
/// through <see cref="PendingDeliveries"/>, so a callback costs no task, completion source,
/// cancellation source or timer of its own (docs/benchmarks.md, "Ingest").
/// </summary>
/// <remarks>
/// The delivery report runs on the producer's poll thread; the awaiting request continues on
/// the thread pool, never on that thread, so one slow request cannot delay other reports.
/// </remarks>
internal sealed class PendingDelivery : IValueTaskSource<Delivery>
{
    private readonly PendingDeliveries _pool;
    private readonly Timer _backstop;
    private ManualResetValueTaskSourceCore<Delivery> _core = new() { RunContinuationsAsynchronously = true };
    private int _completed;
    private bool _timedOut;
    private long _earliestBackstop;

    public PendingDelivery(PendingDeliveries pool)
    {
        _pool = pool;
        // Created once and re-armed per message: no timer is allocated per callback.
        _backstop = new Timer(static state => ((PendingDelivery)state!).OnBackstop(), this, Timeout.Infinite, Timeout.Infinite);
        Report = OnDelivered;
    }

    /// <summary>The delivery handler to give the producer for this message.</summary>
    public Action<DeliveryReport<byte[], byte[]>> Report { get; }

    /// <summary>
    /// Arms the backstop before the message is produced (a report may come back before the
    /// producer's call returns): without a report within <paramref name="backstop"/>, the
    /// delivery completes as <see cref="Delivery.NotReported"/>.
    /// </summary>
    public void Start(TimeSpan backstop)
    {
        Volatile.Write(ref _earliestBackstop, Environment.TickCount64 + (long)backstop.TotalMilliseconds / 2);
        _backstop.Change(backstop, Timeout.InfiniteTimeSpan);
    }

    public ValueTask<Delivery> Task => new(this, _core.Version);

    /// <summary>For a message the producer refused at once: nothing will report on it, so the object is dropped.</summary>
    public void Abandon() => _backstop.Dispose();

    public Delivery GetResult(short token)
    {
        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            // A message whose report never came may still get one later, and that report must not
            // complete the next callback that borrows this object: only reported ones go back.
            if (!_timedOut)
            {
                _completed = 0;
                _core.Reset();
                _pool.Return(this);
            }
            else
            {
                _backstop.Dispose();
            }
        }
    }

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    private void OnDelivered(DeliveryReport<byte[], byte[]> report) =>
        Complete(report.Error.IsError ? Delivery.Failed(report.Error) : Delivery.Written(report.Partition.Value, report.Offset.Value), timedOut: false);

    private void OnBackstop()
    {
        // A timer callback already queued when a report completed this delivery may run after the
        // object went back to the pool and was armed again; it then comes far too early for the
        // new message and is ignored. (Were it delayed past half the backstop, the new callback
        // would get a 503 and be retried: never a 200 without its report.)
        if (Environment.TickCount64 >= Volatile.Read(ref _earliestBackstop))
        {
            Complete(Delivery.NotReported, timedOut: true);
        }
    }

    private void Complete(Delivery delivery, bool timedOut)
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0)
        {
            return;
        }

        _timedOut = timedOut;
        if (!timedOut)
        {
            _backstop.Change(Timeout.Infinite, Timeout.Infinite);
        }

        _core.SetResult(delivery);
    }
}
