using Confluent.Kafka;
using KafkaRooms.Worker.Consuming;
using Microsoft.Extensions.Time.Testing;

namespace KafkaRooms.Worker.UnitTests;

public class BatchCollectorTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(100);
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void A_full_batch_is_returned_without_waiting()
    {
        var source = new Source(_time, Enumerable.Range(0, 10).Select(i => (TimeSpan.Zero, Messages.At(0, i))));
        var collector = Collector(3, source);

        var batch = collector.Collect(source.Poll, CancellationToken.None);

        Assert.Equal([0L, 1L, 2L], batch.Select(m => m.Offset.Value));
        Assert.Equal(TimeSpan.Zero, source.Slept);
    }

    [Fact]
    public void Messages_arriving_within_the_wait_after_the_first_join_its_batch_and_later_ones_the_next()
    {
        var source = new Source(_time, [
            (Ms(5), Messages.At(0, 0)), (Ms(15), Messages.At(0, 1)), (Ms(50), Messages.At(0, 2)), (Ms(70), Messages.At(0, 3)),
        ]);
        var collector = Collector(100, source);

        var first = collector.Collect(source.Poll, CancellationToken.None);
        var second = collector.Collect(source.Poll, CancellationToken.None);

        Assert.Equal([0L, 1L, 2L], first.Select(m => m.Offset.Value));
        Assert.Equal([3L], second.Select(m => m.Offset.Value));
    }

    [Fact]
    public void The_wait_is_slept_out_once_instead_of_waking_for_every_arrival()
    {
        var source = new Source(_time, Enumerable.Range(0, 20).Select(i => (Ms(1 + (2 * i)), Messages.At(0, i))));
        var collector = Collector(100, source);

        var batch = collector.Collect(source.Poll, CancellationToken.None);

        Assert.Equal(20, batch.Count);
        // One blocking poll for the first message, one sleep for the rest of the window.
        Assert.Equal(1, source.BlockingPolls);
        Assert.Equal(Wait, source.Slept);
    }

    [Fact]
    public void Nothing_within_the_idle_poll_gives_an_empty_batch()
    {
        var source = new Source(_time, []);
        var collector = Collector(100, source);

        var batch = collector.Collect(source.Poll, CancellationToken.None);

        Assert.Empty(batch);
        Assert.Equal(1, source.Polls);
        Assert.Equal(TimeSpan.Zero, source.Slept);
    }

    [Fact]
    public void Carried_over_messages_start_the_next_batch_in_delivery_order()
    {
        var source = new Source(_time, [(TimeSpan.Zero, Messages.At(0, 2)), (TimeSpan.Zero, Messages.At(0, 3))]);
        var collector = Collector(3, source);
        collector.CarryOver(Messages.At(0, 0));
        collector.CarryOver(Messages.At(0, 1));

        var batch = collector.Collect(source.Poll, CancellationToken.None);

        Assert.Equal([0L, 1L, 2L], batch.Select(m => m.Offset.Value));
        Assert.Equal(0, collector.CarriedOver);
    }

    [Fact]
    public void More_carried_over_than_a_batch_holds_spills_into_the_following_batch()
    {
        var source = new Source(_time, []);
        var collector = Collector(2, source);
        for (var i = 0; i < 5; i++)
        {
            collector.CarryOver(Messages.At(0, i));
        }

        Assert.True(collector.CarryOverFull);
        var first = collector.Collect(source.Poll, CancellationToken.None);
        var second = collector.Collect(source.Poll, CancellationToken.None);

        Assert.Equal([0L, 1L], first.Select(m => m.Offset.Value));
        Assert.Equal([2L, 3L], second.Select(m => m.Offset.Value));
        Assert.Equal(0, source.Polls);
    }

    [Fact]
    public void Carried_over_messages_of_revoked_partitions_are_dropped()
    {
        var source = new Source(_time, []);
        var collector = Collector(10, source);
        collector.CarryOver(Messages.At(0, 0));
        collector.CarryOver(Messages.At(1, 0));
        collector.CarryOver(Messages.At(0, 1));

        collector.Drop([new TopicPartition("callbacks", 0)]);

        Assert.Equal(1, collector.CarriedOver);
        var batch = collector.Collect(source.Poll, CancellationToken.None);
        Assert.Equal(1, Assert.Single(batch).Partition.Value);
    }

    [Fact]
    public void A_stop_request_ends_collecting()
    {
        var source = new Source(_time, [(TimeSpan.Zero, Messages.At(0, 0))]);
        var collector = Collector(100, source);
        using var stop = new CancellationTokenSource();
        stop.Cancel();

        var batch = collector.Collect(source.Poll, stop.Token);

        Assert.Empty(batch);
        Assert.Equal(0, source.Polls);
    }

    private BatchCollector Collector(int maxBatchSize, Source source) => new(maxBatchSize, Wait, Idle, _time, source.Sleep);

    private static TimeSpan Ms(int milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    /// <summary>
    /// Messages that arrive at given times on the fake clock; a poll waits (advancing the clock) for
    /// the next arrival up to its timeout, a sleep advances the clock.
    /// </summary>
    private sealed class Source(FakeTimeProvider time, IEnumerable<(TimeSpan At, ConsumeResult<byte[]?, byte[]?> Message)> arrivals)
    {
        private readonly DateTimeOffset _start = time.GetUtcNow();
        private readonly Queue<(TimeSpan At, ConsumeResult<byte[]?, byte[]?> Message)> _arrivals = new(arrivals);

        public int Polls { get; private set; }

        public int BlockingPolls { get; private set; }

        public TimeSpan Slept { get; private set; }

        public ConsumeResult<byte[]?, byte[]?>? Poll(TimeSpan timeout)
        {
            Polls++;
            if (timeout > TimeSpan.Zero)
            {
                BlockingPolls++;
            }

            var now = time.GetUtcNow() - _start;
            if (_arrivals.TryPeek(out var next) && next.At <= now + timeout)
            {
                time.Advance(next.At > now ? next.At - now : TimeSpan.Zero);
                return _arrivals.Dequeue().Message;
            }

            time.Advance(timeout);
            return null;
        }

        public void Sleep(TimeSpan duration)
        {
            Slept += duration;
            time.Advance(duration);
        }
    }
}
