using Confluent.Kafka;
using KafkaRooms.Worker.Consuming;

namespace KafkaRooms.Worker.UnitTests;

public class OffsetTrackerTests
{
    private static readonly TopicPartition P0 = new("callbacks", 0);
    private static readonly TopicPartition P1 = new("callbacks", 1);

    [Fact]
    public void Partitions_advance_independently()
    {
        var tracker = new OffsetTracker();
        Track(tracker, P0, 0, 1, 2);
        Track(tracker, P1, 7, 8);

        var stored = tracker.Complete([At(P0, 1), At(P1, 7), At(P1, 8)]);

        Assert.Equal([At(P1, 9)], stored);
        Assert.Null(tracker.CommitPosition(P0));
        Assert.Equal(2, tracker.PendingCount);
    }

    [Fact]
    public void One_position_per_partition_is_returned_for_a_batch()
    {
        var tracker = new OffsetTracker();
        Track(tracker, P0, 0, 1, 2);
        Track(tracker, P1, 0, 1);

        var stored = tracker.Complete([At(P1, 1), At(P0, 0), At(P0, 2), At(P1, 0), At(P0, 1)]);

        Assert.Equal(2, stored.Count);
        Assert.Contains(At(P0, 3), stored);
        Assert.Contains(At(P1, 2), stored);
    }

    [Fact]
    public void A_forgotten_partition_ignores_late_completions()
    {
        var tracker = new OffsetTracker();
        Track(tracker, P0, 5, 6);

        tracker.Forget([P0]);
        var stored = tracker.Complete([At(P0, 5), At(P0, 6)]);

        Assert.Empty(stored);
        Assert.Null(tracker.CommitPosition(P0));
        Assert.Equal(0, tracker.PendingCount);
    }

    [Fact]
    public void A_partition_assigned_again_starts_from_what_it_delivers_next()
    {
        var tracker = new OffsetTracker();
        Track(tracker, P0, 5, 6);
        tracker.Forget([P0]);

        // Reassigned from its committed offset 3: older offsets are legal again.
        Track(tracker, P0, 3, 4);
        var stored = tracker.Complete([At(P0, 3), At(P0, 4)]);

        Assert.Equal([At(P0, 5)], stored);
    }

    [Fact]
    public void A_consumer_that_jumps_back_restarts_the_partition_instead_of_failing()
    {
        var tracker = new OffsetTracker();
        Track(tracker, P0, 10, 11, 12);
        tracker.Complete([At(P0, 10)]);

        // An offset reset delivers 5 again: the old pending offsets no longer count.
        Assert.False(tracker.Track(At(P0, 5)));
        Assert.True(tracker.Track(At(P0, 6)));
        Assert.Empty(tracker.Complete([At(P0, 11), At(P0, 12)]));
        Assert.Equal([At(P0, 7)], tracker.Complete([At(P0, 6), At(P0, 5)]));
    }

    private static void Track(OffsetTracker tracker, TopicPartition partition, params long[] offsets)
    {
        foreach (var offset in offsets)
        {
            tracker.Track(At(partition, offset));
        }
    }

    private static TopicPartitionOffset At(TopicPartition partition, long offset) => new(partition, new Offset(offset));
}
