using KafkaRooms.Testing.Kafka;
using KafkaRooms.Testing.Redis;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Xunit.Abstractions;

namespace KafkaRooms.Worker.IntegrationTests;

[Collection(WorkerCollection.Name)]
public sealed class RedisOutageTests(KafkaFixture kafka, RedisServerFixture redis, ITestOutputHelper output)
{
    [Fact]
    public async Task A_redis_outage_mid_stream_pauses_progress_without_loss_and_it_resumes()
    {
        await using var scenario = await WorkerScenario.CreateAsync(kafka, redis, output, partitions: 3);
        var history = WorkerScenario.History(41);
        var delivery = history.Delivery(new Random(41), duplicateRate: 0.2);
        var half = delivery.Count / 2;
        var worker = await scenario.StartWorkerAsync();
        await scenario.PublishAsync(delivery.Take(half));
        await scenario.WaitUntilAllCommittedAsync(TimeSpan.FromSeconds(60));

        await redis.StopAsync(save: true);
        try
        {
            await scenario.PublishAsync(delivery.Skip(half));
            await WorkerScenario.WaitUntilAsync(
                () => worker.Status.FailingFor is not null, TimeSpan.FromSeconds(30), "the worker notices Redis is gone");
            await Task.Delay(TimeSpan.FromSeconds(3));

            // Nothing unapplied may be committed while Redis is down.
            Assert.Equal(half, scenario.CommittedTotal());
            Assert.True(worker.Status.Running, "the consumer keeps running (and its group membership) during the outage");
            Assert.Equal(HealthStatus.Unhealthy, await worker.HealthAsync("ready"));
            Assert.Equal(HealthStatus.Healthy, await worker.HealthAsync("live"));
        }
        finally
        {
            await redis.StartAsync();
        }

        await scenario.WaitUntilAllCommittedAsync(TimeSpan.FromSeconds(60));
        await scenario.AssertTruthAsync(history);
        Assert.Null(worker.Status.FailingFor);
        Assert.Equal(HealthStatus.Healthy, await worker.HealthAsync("ready"));
    }
}
