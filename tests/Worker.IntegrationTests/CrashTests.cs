using KafkaRooms.RoomHistories;
using KafkaRooms.Testing;
using KafkaRooms.Testing.Kafka;
using KafkaRooms.Testing.Redis;
using Xunit.Abstractions;

namespace KafkaRooms.Worker.IntegrationTests;

[Collection(WorkerCollection.Name)]
public sealed class CrashTests(KafkaFixture kafka, RedisServerFixture redis, ITestOutputHelper output)
{
    [Fact]
    public async Task A_worker_process_killed_mid_stream_is_replaced_and_everything_after_its_last_commit_reapplied_harmlessly()
    {
        await using var scenario = await WorkerScenario.CreateAsync(kafka, redis, output, partitions: 4);
        var history = WorkerScenario.History(31, new HistorySizes(Apps: 3, RoomsPerApp: 150, MaxLifecyclesPerRoom: 4, MaxUsersPerLifecycle: 6));
        var delivery = history.Delivery(new Random(31), duplicateRate: 0.1);
        await scenario.PublishAsync(delivery);

        // Small batches and a slow commit, so the kill lands with applied work not yet committed.
        var first = await scenario.StartWorkerProcessAsync(s =>
        {
            s["Worker:MaxBatchSize"] = "50";
            s["Worker:CommitInterval"] = "00:00:02";
        });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        double applied = 0;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((applied = await first.MetricAsync(http, WorkerMetricNames.Applied)) <= delivery.Count / 4)
        {
            Assert.True(DateTime.UtcNow < deadline, $"a quarter was not applied within 60 s: {first.Output()}");
            await Task.Delay(20);
        }

        first.Kill();
        var committedAtKill = scenario.CommittedTotal();
        output.WriteLine($"SIGKILL after {applied} applied; {committedAtKill} of {scenario.Published} committed");
        Assert.True(committedAtKill < scenario.Published, "the kill left work uncommitted");
        Assert.NotEqual(0, first.ExitCode);

        // The replacement gets the partitions once the group gives up on the dead member (session timeout).
        var second = await scenario.StartWorkerAsync();
        await scenario.WaitUntilAllCommittedAsync(TimeSpan.FromSeconds(90));

        await scenario.AssertTruthAsync(history);
        Assert.True(
            second.AppliedTotal >= scenario.Published - committedAtKill,
            $"the replacement applied everything after the last commit ({second.AppliedTotal} < {scenario.Published - committedAtKill})");
    }
}
