using KafkaRooms.RoomHistories;
using KafkaRooms.Testing.Kafka;
using KafkaRooms.Testing.Redis;
using KafkaRooms.Worker.Repair;
using Xunit.Abstractions;

namespace KafkaRooms.Worker.IntegrationTests;

/// <summary>
/// Redis losing writes it acknowledged, done to the real redis-server (docs/rules.md §7): the
/// Worker notices from its checkpoints and re-applies from Kafka, with no new callback and no
/// operator step.
/// </summary>
[Collection(WorkerCollection.Name)]
public sealed class RepairTests(KafkaFixture kafka, RedisServerFixture redis, ITestOutputHelper output)
{
    private static readonly TimeSpan Healed = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Redis_killed_under_load_and_restarted_from_a_snapshot_taken_midway_is_healed_without_a_new_callback()
    {
        await using var scenario = await WorkerScenario.CreateAsync(kafka, redis, output, partitions: 3);
        var history = WorkerScenario.History(51);
        var delivery = history.Delivery(new Random(51), duplicateRate: 0.1);
        var third = delivery.Count / 3;
        var worker = await scenario.StartWorkerAsync(s => s["Worker:MaxBatchSize"] = "50");
        await scenario.PublishAsync(delivery.Take(third));
        await scenario.WaitUntilAllCommittedAsync(TimeSpan.FromSeconds(60));

        // dump.rdb now holds the first third and the checkpoints covering it.
        await redis.SnapshotAsync("midway");
        await scenario.PublishAsync(delivery.Skip(third));
        await WorkerScenario.WaitUntilAsync(
            () => worker.AppliedTotal >= third + (delivery.Count - third) / 3, TimeSpan.FromSeconds(60), "the rest is being applied");
        var appliedAtKill = worker.AppliedTotal;
        await redis.StopAsync(save: false);
        await redis.StartAsync();
        await redis.WaitConnectedAsync();
        output.WriteLine($"SIGKILL after {appliedAtKill} of {delivery.Count} applied; restarted from the midway snapshot");

        await AssertHealedAsync(scenario, history, worker, RepairReasons.RedisRestarted, minimumReapplied: 1);
    }

    [Fact]
    public async Task A_flushall_mid_stream_is_healed_from_the_beginning_of_the_topic()
    {
        await using var scenario = await WorkerScenario.CreateAsync(kafka, redis, output, partitions: 3);
        var history = WorkerScenario.History(52);
        var delivery = history.Delivery(new Random(52), duplicateRate: 0.1);
        var half = delivery.Count / 2;
        var worker = await scenario.StartWorkerAsync();
        await scenario.PublishAsync(delivery.Take(half));
        await scenario.WaitUntilAllCommittedAsync(TimeSpan.FromSeconds(60));

        await redis.Connection.GetServers().Single().FlushAllDatabasesAsync();
        await scenario.PublishAsync(delivery.Skip(half));

        // Everything flushed is applied again.
        await AssertHealedAsync(scenario, history, worker, RepairReasons.CheckpointLost, minimumReapplied: half);
    }

    [Fact]
    public async Task An_older_dump_put_back_is_healed()
    {
        await using var scenario = await WorkerScenario.CreateAsync(kafka, redis, output, partitions: 3);
        var history = WorkerScenario.History(53);
        var delivery = history.Delivery(new Random(53), duplicateRate: 0.1);
        var third = delivery.Count / 3;
        var worker = await scenario.StartWorkerAsync();
        await scenario.PublishAsync(delivery.Take(third));
        await scenario.WaitUntilAllCommittedAsync(TimeSpan.FromSeconds(60));
        var older = await redis.SnapshotAsync("older");
        await scenario.PublishAsync(delivery.Skip(third).Take(third));
        await scenario.WaitUntilAllCommittedAsync(TimeSpan.FromSeconds(60));

        // Stopped with everything saved, then started from the older file, as a restore from a backup.
        await redis.StopAsync(save: true);
        await redis.StartFromSnapshotAsync(older);
        await redis.WaitConnectedAsync();
        await scenario.PublishAsync(delivery.Skip(2 * third));

        await AssertHealedAsync(scenario, history, worker, RepairReasons.RedisRestarted, minimumReapplied: 1);
    }

    [Fact]
    public async Task Writes_lost_while_no_worker_ran_are_found_at_assignment_and_reapplied()
    {
        await using var scenario = await WorkerScenario.CreateAsync(kafka, redis, output, partitions: 2);
        var history = WorkerScenario.History(54);
        var delivery = history.Delivery(new Random(54), duplicateRate: 0.1);
        var first = await scenario.StartWorkerAsync();
        await scenario.PublishAsync(delivery);
        await scenario.WaitUntilAllCommittedAsync(TimeSpan.FromSeconds(60));
        await first.StopAsync();

        await redis.Connection.GetServers().Single().FlushAllDatabasesAsync();
        var second = await scenario.StartWorkerAsync();

        await scenario.WaitForTruthAsync(history, Healed);
        Assert.Equal(2, second.Repairs.GetValueOrDefault(RepairReasons.CheckpointMissing));
        Assert.Equal(delivery.Count, second.RepairMessagesTotal);
    }

    /// <summary>Redis equals the truth with no new message, everything is committed, and the repair was counted.</summary>
    private static async Task AssertHealedAsync(WorkerScenario scenario, RoomHistory history, WorkerInstance worker, string reason, long minimumReapplied)
    {
        await scenario.WaitForTruthAsync(history, Healed);
        await scenario.WaitUntilAllCommittedAsync(TimeSpan.FromSeconds(60));
        Assert.True(worker.Repairs.GetValueOrDefault(reason) >= 1, Describe(worker));
        Assert.True(worker.RepairMessagesTotal >= minimumReapplied, Describe(worker));
    }

    private static string Describe(WorkerInstance worker) =>
        $"repairs [{string.Join(", ", worker.Repairs.Select(r => $"{r.Key}={r.Value}"))}], re-applied {worker.RepairMessagesTotal}";
}
