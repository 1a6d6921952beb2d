using KafkaRooms.Worker.Repair;

namespace KafkaRooms.Worker.UnitTests;

public sealed class RepairPlanTests
{
    [Fact]
    public void A_single_primary_that_lost_writes_reapplies_from_its_checkpoint_up_to_where_the_partition_had_got()
    {
        var plan = RepairPlan.After([0], current: null, applied: 500, new Dictionary<int, long?> { [0] = 120 })!;

        Assert.Equal(120, plan.From);
        Assert.Equal(500, plan.To);
        Assert.False(plan.Applies(119, 0));
        Assert.True(plan.Applies(120, 0));
        Assert.True(plan.Applies(499, 0));
    }

    [Fact]
    public void A_primary_without_a_checkpoint_reapplies_from_the_beginning()
    {
        var plan = RepairPlan.After([0], current: null, applied: 300, new Dictionary<int, long?> { [0] = null })!;

        Assert.Equal(0, plan.From);
        Assert.Equal(300, plan.To);
    }

    [Fact]
    public void On_a_cluster_only_the_events_of_the_primary_that_lost_writes_are_applied_again()
    {
        var plan = RepairPlan.After([0, 1, 2], current: null, applied: 400, new Dictionary<int, long?> { [1] = 100 })!;

        Assert.Equal(100, plan.From);
        Assert.Equal(400, plan.To);
        Assert.True(plan.Applies(150, 1));
        Assert.False(plan.Applies(150, 0));
        Assert.False(plan.Applies(399, 2));
        Assert.True(plan.Applies(400, 2));
    }

    [Fact]
    public void A_checkpoint_at_or_past_what_was_applied_is_no_loss()
    {
        Assert.Null(RepairPlan.After([0, 1], current: null, applied: 400, new Dictionary<int, long?> { [0] = 400 }));
    }

    [Fact]
    public void A_second_loss_during_a_repair_keeps_what_the_first_still_had_to_reapply()
    {
        var first = RepairPlan.After([0, 1], current: null, applied: 400, new Dictionary<int, long?> { [0] = 100 })!;
        // Shard 0 got up to 250 again, then shard 1 lost everything past 300.
        var second = RepairPlan.After([0, 1], first, applied: 250, new Dictionary<int, long?> { [1] = 300 })!;

        Assert.Equal(250, second.From);
        Assert.Equal(400, second.To);
        Assert.True(second.Applies(260, 0));
        Assert.False(second.Applies(260, 1));
        Assert.True(second.Applies(310, 1));
    }
}
