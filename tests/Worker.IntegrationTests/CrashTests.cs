using KafkaRooms.RoomHistories;
using KafkaRooms.Testing.Kafka;
using KafkaRooms.Testing.Redis;
using Xunit.Abstractions;

namespace KafkaRooms.Worker.IntegrationTests;

[Collection(WorkerCollection.Name)]
public sealed class CrashTests(KafkaFixture kafka, RedisServerFixture redis, ITestOutputHelper output)
{
    [Fact]
    public async Task A_worker_killed_mid_batch_without_committing_is_replaced_and_everything_reprocessed_harmlessly()
    {
        await using var scenario = await WorkerScenario.CreateAsync(kafka, redis, output, partitions: 4);
        var history = WorkerScenario.History(31, new HistorySizes(Apps: 3, RoomsPerApp: 150, MaxLifecyclesPerRoom: 4, MaxUsersPerLifecycle: 6));
        var delivery = history.Delivery(new Random(31), duplicateRate: 0.1);
        await scenario.PublishAsync(delivery);

        // Small batches so the kill lands while batches are in flight and commits lag behind.
        var first = await scenario.StartWorkerAsync(s => s["Worker:MaxBatchSize"] = "50");
        await WorkerScenario.WaitUntilAsync(
            () => first.Metrics.AppliedTotal > delivery.Count / 4, TimeSpan.FromSeconds(60), "a quarter is applied");
        await first.KillAsync();
        var appliedBeforeKill = first.Metrics.AppliedTotal;
        var committedAtKill = scenario.CommittedTotal();
        output.WriteLine($"killed after {appliedBeforeKill} applied; {committedAtKill} of {scenario.Published} committed");
        Assert.True(committedAtKill < scenario.Published, "the kill left work uncommitted");

        var second = await scenario.StartWorkerAsync();
        await scenario.WaitUntilAllCommittedAsync(TimeSpan.FromSeconds(90));

        await scenario.AssertTruthAsync(history);
        // The replacement started from the last commit, so it also redid some of the killed worker's work.
        Assert.True(
            second.Metrics.AppliedTotal >= scenario.Published - committedAtKill,
            $"the replacement applied everything after the last commit ({second.Metrics.AppliedTotal} < {scenario.Published - committedAtKill})");
    }
}
