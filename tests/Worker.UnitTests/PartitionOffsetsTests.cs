using KafkaRooms.Worker.Consuming;

namespace KafkaRooms.Worker.UnitTests;

public class PartitionOffsetsTests
{
    [Fact]
    public void In_order_completion_advances_past_each_offset()
    {
        var offsets = Tracked(10, 11, 12);

        Assert.Equal(11, offsets.Complete(10));
        Assert.Equal(12, offsets.Complete(11));
        Assert.Equal(13, offsets.Complete(12));
        Assert.Equal(13, offsets.CommitPosition);
        Assert.Equal(0, offsets.PendingCount);
    }

    [Fact]
    public void A_later_offset_done_first_is_not_stored_until_the_earlier_one_is()
    {
        var offsets = Tracked(10, 11, 12);

        Assert.Null(offsets.Complete(12));
        Assert.Null(offsets.Complete(11));
        Assert.Null(offsets.CommitPosition);
        Assert.Equal(13, offsets.Complete(10));
    }

    [Fact]
    public void The_position_stops_at_the_oldest_pending_offset()
    {
        var offsets = Tracked(1, 2, 3, 4, 5);

        offsets.Complete(1);
        offsets.Complete(2);
        offsets.Complete(4);
        offsets.Complete(5);

        Assert.Equal(3, offsets.CommitPosition);
        Assert.Equal(1, offsets.PendingCount);
        Assert.Equal(6, offsets.Complete(3));
    }

    [Fact]
    public void Gaps_between_offsets_are_allowed_and_the_position_is_the_last_done_plus_one()
    {
        // Compaction and transaction markers leave holes in a partition's offsets.
        var offsets = Tracked(5, 9, 20);

        Assert.Equal(6, offsets.Complete(5));
        Assert.Null(offsets.Complete(20));
        Assert.Equal(21, offsets.Complete(9));
    }

    [Fact]
    public void Completing_an_unknown_or_already_done_offset_changes_nothing()
    {
        var offsets = Tracked(10, 11);

        Assert.Null(offsets.Complete(7));
        Assert.Null(offsets.Complete(12));
        Assert.Equal(11, offsets.Complete(10));
        Assert.Null(offsets.Complete(10));
        Assert.Equal(11, offsets.CommitPosition);
        Assert.Equal(1, offsets.PendingCount);
    }

    [Fact]
    public void Nothing_tracked_means_no_position()
    {
        var offsets = new PartitionOffsets();

        Assert.Null(offsets.CommitPosition);
        Assert.Null(offsets.Complete(0));
    }

    [Fact]
    public void Offsets_must_grow_within_a_partition()
    {
        var offsets = Tracked(10, 11);

        Assert.Throws<InvalidOperationException>(() => offsets.Track(11));
        Assert.Throws<InvalidOperationException>(() => offsets.Track(3));
    }

    [Fact]
    public void Tracking_goes_on_after_everything_was_done()
    {
        var offsets = Tracked(0, 1);
        offsets.Complete(0);
        offsets.Complete(1);

        offsets.Track(2);
        offsets.Track(3);
        Assert.Null(offsets.Complete(3));
        Assert.Equal(2, offsets.CommitPosition);
        Assert.Equal(4, offsets.Complete(2));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(42)]
    [InlineData(2026)]
    public void For_any_completion_order_the_position_is_just_past_the_done_prefix(int seed)
    {
        var random = new Random(seed);
        var delivered = new List<long>();
        var next = 100L;
        for (var i = 0; i < 300; i++)
        {
            next += random.Next(1, 4);
            delivered.Add(next);
        }

        var offsets = new PartitionOffsets();
        delivered.ForEach(offsets.Track);
        var done = new HashSet<long>();
        long? lastReported = null;
        foreach (var offset in delivered.OrderBy(_ => random.Next()))
        {
            var reported = offsets.Complete(offset);
            done.Add(offset);

            var prefix = delivered.TakeWhile(done.Contains).ToList();
            long? expected = prefix.Count == 0 ? null : prefix[^1] + 1;
            Assert.Equal(expected, offsets.CommitPosition);
            if (reported is not null)
            {
                Assert.Equal(expected, reported);
                Assert.True(lastReported is null || reported > lastReported, "the position never moves back");
                lastReported = reported;
            }

            // Never past an offset that is still pending.
            var firstPending = delivered.FirstOrDefault(o => !done.Contains(o), long.MaxValue);
            Assert.True(offsets.CommitPosition is null || offsets.CommitPosition <= firstPending);
        }

        Assert.Equal(delivered[^1] + 1, offsets.CommitPosition);
        Assert.Equal(0, offsets.PendingCount);
    }

    private static PartitionOffsets Tracked(params long[] delivered)
    {
        var offsets = new PartitionOffsets();
        foreach (var offset in delivered)
        {
            offsets.Track(offset);
        }

        return offsets;
    }
}
