using Confluent.Kafka;
using KafkaRooms.Ingest.Publishing;

namespace KafkaRooms.Ingest.UnitTests;

public sealed class PendingDeliveryTests
{
    private static readonly TimeSpan NoBackstop = TimeSpan.FromMinutes(5);

    private static DeliveryReport<byte[], byte[]> Report(ErrorCode code, int partition = 3, long offset = 42) => new()
    {
        TopicPartitionOffset = new TopicPartitionOffset("callbacks", partition, offset),
        Error = new Error(code),
    };

    [Fact]
    public async Task A_report_completes_the_delivery_with_its_partition_and_offset()
    {
        var pending = new PendingDeliveries().Rent();
        pending.Start(NoBackstop);
        pending.Report(Report(ErrorCode.NoError, partition: 5, offset: 1234));

        Assert.Equal(Delivery.Written(5, 1234), await pending.Task);
    }

    [Fact]
    public async Task A_report_arriving_on_another_thread_releases_the_waiting_request()
    {
        var pending = new PendingDeliveries().Rent();
        pending.Start(NoBackstop);
        var waiting = pending.Task.AsTask();
        Assert.False(waiting.IsCompleted);

        await Task.Run(() => pending.Report(Report(ErrorCode.NoError)));

        Assert.True((await waiting.WaitAsync(TimeSpan.FromSeconds(10))).Reported);
    }

    [Fact]
    public async Task A_failed_report_carries_the_producers_error()
    {
        var pending = new PendingDeliveries().Rent();
        pending.Start(NoBackstop);
        pending.Report(Report(ErrorCode.Local_MsgTimedOut));

        var delivery = await pending.Task;
        Assert.True(delivery.Reported);
        Assert.Equal(ErrorCode.Local_MsgTimedOut, delivery.Error?.Code);
    }

    [Fact]
    public async Task Without_a_report_the_backstop_answers_not_reported()
    {
        var pending = new PendingDeliveries().Rent();
        pending.Start(TimeSpan.FromMilliseconds(50));

        var delivery = await pending.Task.AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(delivery.Reported);
        Assert.Null(delivery.Error);
    }

    [Fact]
    public async Task A_reported_delivery_is_reused_but_one_the_backstop_answered_is_not()
    {
        var pool = new PendingDeliveries();
        var reported = pool.Rent();
        reported.Start(NoBackstop);
        reported.Report(Report(ErrorCode.NoError));
        await reported.Task;
        Assert.Same(reported, pool.Rent());

        var late = pool.Rent();
        Assert.NotSame(reported, late);
        late.Start(TimeSpan.FromMilliseconds(20));
        Assert.False((await late.Task.AsTask().WaitAsync(TimeSpan.FromSeconds(10))).Reported);

        // Its report comes after all: it completes nothing, and the object is never lent again.
        late.Report(Report(ErrorCode.NoError));
        Assert.NotSame(late, pool.Rent());
    }

    [Fact]
    public async Task A_reused_delivery_waits_for_its_own_report()
    {
        var pool = new PendingDeliveries();
        var first = pool.Rent();
        first.Start(NoBackstop);
        first.Report(Report(ErrorCode.NoError, offset: 1));
        Assert.Equal(1, (await first.Task).Offset);

        var second = pool.Rent();
        Assert.Same(first, second);
        second.Start(NoBackstop);
        var waiting = second.Task.AsTask();
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);
        second.Report(Report(ErrorCode.NoError, offset: 2));
        Assert.Equal(2, (await waiting.WaitAsync(TimeSpan.FromSeconds(10))).Offset);
    }
}
