using System.Collections.Concurrent;

namespace KafkaRooms.Ingest.Publishing;

/// <summary>
/// The free <see cref="PendingDelivery"/> objects. Up to <see cref="MaxRetained"/> are kept, more
/// than the callbacks one process has in flight under load; beyond that they are left to the
/// garbage collector.
/// </summary>
internal sealed class PendingDeliveries
{
    public const int MaxRetained = 4096;

    private readonly ConcurrentQueue<PendingDelivery> _free = new();
    private int _count;

    public PendingDelivery Rent()
    {
        if (_free.TryDequeue(out var delivery))
        {
            Interlocked.Decrement(ref _count);
            return delivery;
        }

        return new PendingDelivery(this);
    }

    public void Return(PendingDelivery delivery)
    {
        if (Interlocked.Increment(ref _count) <= MaxRetained)
        {
            _free.Enqueue(delivery);
        }
        else
        {
            Interlocked.Decrement(ref _count);
        }
    }
}
