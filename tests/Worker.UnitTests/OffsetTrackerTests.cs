using Confluent.Kafka;
using KafkaRooms.Worker.Consuming;

namespace KafkaRooms.Worker.UnitTests;

public class OffsetTrackerTests
{
    private const int P0 = 0;
    private const int P1 = 1;

    [Fact]
    public void Partitions_advance_independently()
    {
        var tracker = new OffsetTracker();
        Track(tracker, P0, 0, 1, 2);
        Track(tracker, P1, 7, 8);

        var stored = tracker.Complete(tracker.Claim([Messages.At(P0, 1), Messages.At(P1, 7), Messages.At(P1, 8)]));

        Assert.Equal([At(P1, 9)], stored);
        Assert.Null(tracker.CommitPosition(Partition(P0)));
        Assert.Equal(2, tracker.PendingCount);
    }

    [Fact]
    public void One_position_per_partition_is_returned_for_a_batch()
    {
        var tracker = new OffsetTracker();
        Track(tracker, P0, 0, 1, 2);
        Track(tracker, P1, 0, 1);

        var stored = tracker.Complete(tracker.Claim(
            [Messages.At(P1, 1), Messages.At(P0, 0), Messages.At(P0, 2), Messages.At(P1, 0), Messages.At(P0, 1)]));

        Assert.Equal(2, stored.Count);
        Assert.Contains(At(P0, 3), stored);
        Assert.Contains(At(P1, 2), stored);
    }

    [Fact]
    public void A_batch_finishing_before_an_earlier_one_stores_nothing_until_the_earlier_one_finishes()
    {
        var tracker = new OffsetTracker();
        Track(tracker, P0, 0, 1, 2, 3);
        var first = tracker.Claim([Messages.At(P0, 0), Messages.At(P0, 1)]);
        var second = tracker.Claim([Messages.At(P0, 2), Messages.At(P0, 3)]);

        Assert.Empty(tracker.Complete(second));
        Assert.Equal([At(P0, 4)], tracker.Complete(first));
    }

    [Fact]
    public void A_forgotten_partition_ignores_late_completions()
    {
        var tracker = new OffsetTracker();
        Track(tracker, P0, 5, 6);
        var inFlight = tracker.Claim([Messages.At(P0, 5), Messages.At(P0, 6)]);

        tracker.Forget([Partition(P0)]);

        Assert.Empty(tracker.Complete(inFlight));
        Assert.Null(tracker.CommitPosition(Partition(P0)));
        Assert.Equal(0, tracker.PendingCount);
    }

    [Fact]
    public void Work_in_flight_from_before_a_partition_was_forgotten_does_not_count_for_its_next_run()
    {
        var tracker = new OffsetTracker();
        Track(tracker, P0, 3, 4, 5);
        var before = tracker.Claim([Messages.At(P0, 3), Messages.At(P0, 4), Messages.At(P0, 5)]);
        tracker.Forget([Partition(P0)]);

        // Assigned again (or sought back) to offset 3: the same offsets are delivered again.
        Track(tracker, P0, 3, 4, 5);
        Assert.Empty(tracker.Complete(before));
        Assert.Equal(3, tracker.PendingCount);

        var again = tracker.Claim([Messages.At(P0, 3), Messages.At(P0, 4), Messages.At(P0, 5)]);
        Assert.Equal([At(P0, 6)], tracker.Complete(again));
    }

    [Fact]
    public void A_consumer_that_jumps_back_restarts_the_partition_instead_of_failing()
    {
        var tracker = new OffsetTracker();
        Track(tracker, P0, 10, 11, 12);
        tracker.Complete(tracker.Claim([Messages.At(P0, 10)]));
        var stale = tracker.Claim([Messages.At(P0, 11), Messages.At(P0, 12)]);

        // An offset reset delivers 5 again: the old pending offsets no longer count.
        Assert.False(tracker.Track(At(P0, 5)));
        Assert.True(tracker.Track(At(P0, 6)));
        Assert.Empty(tracker.Complete(stale));
        Assert.Equal([At(P0, 7)], tracker.Complete(tracker.Claim([Messages.At(P0, 6), Messages.At(P0, 5)])));
    }

    [Fact]
    public void Messages_of_a_partition_not_tracked_are_left_out_of_the_claim()
    {
        var tracker = new OffsetTracker();
        Track(tracker, P0, 0);

        var claimed = tracker.Claim([Messages.At(P0, 0), Messages.At(P1, 0)]);

        Assert.Equal([Partition(P0)], claimed.Parts.Select(p => p.Partition));
    }

    private static void Track(OffsetTracker tracker, int partition, params long[] offsets)
    {
        foreach (var offset in offsets)
        {
            tracker.Track(At(partition, offset));
        }
    }

    private static TopicPartition Partition(int partition) => Messages.At(partition, 0).TopicPartition;

    private static TopicPartitionOffset At(int partition, long offset) => new(Partition(partition), new Offset(offset));
}
