using KafkaRooms.RoomHistories;
using KafkaRooms.Testing.Kafka;
using KafkaRooms.Testing.Redis;
using Xunit.Abstractions;

namespace KafkaRooms.Worker.IntegrationTests;

[Collection(WorkerCollection.Name)]
public sealed class ConsumerGroupTests(KafkaFixture kafka, RedisServerFixture redis, ITestOutputHelper output)
{
    private static readonly HistorySizes Sizes = new(Apps: 2, RoomsPerApp: 60, MaxLifecyclesPerRoom: 4, MaxUsersPerLifecycle: 5);

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Workers_of_one_group_share_the_stream_and_one_stopping_mid_stream_loses_nothing(int workers)
    {
        await using var scenario = await WorkerScenario.CreateAsync(kafka, redis, output, partitions: 6);
        var history = WorkerScenario.History(20 + workers, Sizes);
        var delivery = history.Delivery(new Random(workers), duplicateRate: 0.2);
        var instances = new List<WorkerInstance>();
        for (var i = 0; i < workers; i++)
        {
            instances.Add(await scenario.StartWorkerAsync());
        }

        await WorkerScenario.WaitUntilAsync(
            () => instances.All(w => w.Status.AssignedPartitions > 0), TimeSpan.FromSeconds(30), "every worker owns partitions");
        var half = delivery.Count / 2;
        await scenario.PublishAsync(delivery.Take(half));
        await WorkerScenario.WaitUntilAsync(
            () => instances[0].AppliedTotal > 0, TimeSpan.FromSeconds(30), "the first worker applied events");

        // Stopped mid-stream: its partitions move to the others (rebalance), which go on from its commits.
        var stopped = instances[0];
        await stopped.StopAsync();
        await scenario.PublishAsync(delivery.Skip(half));

        await scenario.WaitUntilAllCommittedAsync(TimeSpan.FromSeconds(60));
        await scenario.AssertTruthAsync(history);
        Assert.All(instances.Skip(1), w => Assert.True(w.AppliedTotal > 0, "every running worker took part"));
        var applied = instances.Sum(w => w.AppliedTotal);
        output.WriteLine($"applied {applied} for {delivery.Count} delivered (re-applied after the rebalance: {applied - delivery.Count})");
        Assert.True(applied >= delivery.Count, "no delivered event was left out");
    }
}
