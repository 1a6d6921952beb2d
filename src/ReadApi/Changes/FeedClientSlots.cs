using Microsoft.Extensions.Options;

namespace KafkaRooms.ReadApi.Changes;

/// <summary>Counts open event streams against ReadApi:MaxFeedClients.</summary>
internal sealed class FeedClientSlots(IOptions<ReadApiOptions> options)
{
    private int _open;

    public int Max { get; } = options.Value.MaxFeedClients;

    /// <summary>A slot to dispose when the stream ends; null when all are taken.</summary>
    public IDisposable? TryTake()
    {
        if (Interlocked.Increment(ref _open) <= Max)
        {
            return new Slot(this);
        }

        Interlocked.Decrement(ref _open);
        return null;
    }

    private sealed class Slot(FeedClientSlots slots) : IDisposable
    {
        private int _returned;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _returned, 1) == 0)
            {
                Interlocked.Decrement(ref slots._open);
            }
        }
    }
}
