using KafkaRooms.LocalKafka;
using KafkaRooms.Testing.Kafka;
using KafkaRooms.Testing.Redis;
using Xunit.Abstractions;

namespace KafkaRooms.Worker.IntegrationTests;

[Collection(WorkerCollection.Name)]
public sealed class BrokerOutageTests(KafkaFixture kafka, RedisServerFixture redis, ITestOutputHelper output)
{
    [Fact]
    public async Task With_every_broker_down_for_a_while_the_worker_rides_it_out_and_resumes_by_itself()
    {
        // Fault injection needs librdkafka's mock cluster: the fixture's when it is one, else a private one.
        using var privateMock = kafka.Mock is null ? MockKafkaCluster.Start(3) : null;
        var mock = kafka.Mock ?? privateMock!;
        await using var scenario = WorkerScenario.CreateOnMock(mock, redis, output, partitions: 3);
        var history = WorkerScenario.History(51);
        var delivery = history.Delivery(new Random(51), duplicateRate: 0.2);
        var half = delivery.Count / 2;
        var worker = await scenario.StartWorkerAsync();
        await scenario.PublishAsync(delivery.Take(half));
        await WorkerScenario.WaitUntilAsync(
            () => worker.Metrics.AppliedTotal > 0, TimeSpan.FromSeconds(30), "the worker applies events");

        mock.SetAllBrokersDown();
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(4));
            Assert.True(worker.Status.Running, "a broker outage is transient: the worker keeps running");
            Assert.False(worker.Status.Fatal);
        }
        finally
        {
            mock.SetAllBrokersUp();
        }

        await scenario.PublishAsync(delivery.Skip(half));
        await scenario.WaitUntilAllCommittedAsync(TimeSpan.FromSeconds(60));
        await scenario.AssertTruthAsync(history);
    }
}
