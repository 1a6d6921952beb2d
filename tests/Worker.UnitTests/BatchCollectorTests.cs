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
        var collector = new BatchCollector(3, Wait, Idle, _time);
        var source = new Source(_time, Enumerable.Range(0, 10).Select(i => Messages.At(0, i)));

        var batch = collector.Collect(source.Poll, CancellationToken.None);

        Assert.Equal([0L, 1L, 2L], batch.Select(m => m.Offset.Value));
        Assert.Equal(3, source.Polls);
    }

    [Fact]
    public void A_partial_batch_is_returned_once_the_wait_after_its_first_message_passed()
    {
        var collector = new BatchCollector(100, Wait, Idle, _time);
        var source = new Source(_time, [Messages.At(0, 0), Messages.At(0, 1)]);

        var batch = collector.Collect(source.Poll, CancellationToken.None);

        Assert.Equal(2, batch.Count);
        Assert.True(source.Waited >= Wait, "it waited for more messages up to the batch wait");
        Assert.True(source.Waited < Wait + Idle, "and no longer than that");
    }

    [Fact]
    public void Nothing_within_the_idle_poll_gives_an_empty_batch()
    {
        var collector = new BatchCollector(100, Wait, Idle, _time);
        var source = new Source(_time, []);

        var batch = collector.Collect(source.Poll, CancellationToken.None);

        Assert.Empty(batch);
        Assert.Equal(1, source.Polls);
    }

    [Fact]
    public void Carried_over_messages_start_the_next_batch_in_delivery_order()
    {
        var collector = new BatchCollector(3, Wait, Idle, _time);
        collector.CarryOver(Messages.At(0, 0));
        collector.CarryOver(Messages.At(0, 1));
        var source = new Source(_time, [Messages.At(0, 2), Messages.At(0, 3)]);

        var batch = collector.Collect(source.Poll, CancellationToken.None);

        Assert.Equal([0L, 1L, 2L], batch.Select(m => m.Offset.Value));
        Assert.Equal(0, collector.CarriedOver);
    }

    [Fact]
    public void More_carried_over_than_a_batch_holds_spills_into_the_following_batch()
    {
        var collector = new BatchCollector(2, Wait, Idle, _time);
        for (var i = 0; i < 5; i++)
        {
            collector.CarryOver(Messages.At(0, i));
        }

        Assert.True(collector.CarryOverFull);
        var source = new Source(_time, []);
        var first = collector.Collect(source.Poll, CancellationToken.None);
        var second = collector.Collect(source.Poll, CancellationToken.None);

        Assert.Equal([0L, 1L], first.Select(m => m.Offset.Value));
        Assert.Equal([2L, 3L], second.Select(m => m.Offset.Value));
        Assert.Equal(0, source.Polls);
    }

    [Fact]
    public void Carried_over_messages_of_revoked_partitions_are_dropped()
    {
        var collector = new BatchCollector(10, Wait, Idle, _time);
        collector.CarryOver(Messages.At(0, 0));
        collector.CarryOver(Messages.At(1, 0));
        collector.CarryOver(Messages.At(0, 1));

        collector.Drop([new TopicPartition("callbacks", 0)]);

        Assert.Equal(1, collector.CarriedOver);
        var batch = collector.Collect(new Source(_time, []).Poll, CancellationToken.None);
        Assert.Equal(1, Assert.Single(batch).Partition.Value);
    }

    [Fact]
    public void A_stop_request_ends_collecting()
    {
        var collector = new BatchCollector(100, Wait, Idle, _time);
        using var stop = new CancellationTokenSource();
        stop.Cancel();

        var batch = collector.Collect(new Source(_time, [Messages.At(0, 0)]).Poll, stop.Token);

        Assert.Empty(batch);
    }

    /// <summary>Hands out queued messages; when none is left, a poll waits its full timeout on the fake clock.</summary>
    private sealed class Source(FakeTimeProvider time, IEnumerable<ConsumeResult<byte[]?, byte[]?>> messages)
    {
        private readonly Queue<ConsumeResult<byte[]?, byte[]?>> _messages = new(messages);

        public int Polls { get; private set; }

        public TimeSpan Waited { get; private set; }

        public ConsumeResult<byte[]?, byte[]?>? Poll(TimeSpan timeout)
        {
            Polls++;
            if (_messages.TryDequeue(out var message))
            {
                return message;
            }

            time.Advance(timeout);
            Waited += timeout;
            return null;
        }
    }
}
