using KafkaRooms.LocalKafka;
using KafkaRooms.Testing;
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
            () => worker.AppliedTotal > 0, TimeSpan.FromSeconds(30), "the worker applies events");

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

    [Fact]
    public async Task A_worker_process_stopped_with_every_broker_down_exits_within_drain_and_close_timeouts_and_loses_nothing()
    {
        // Its own mock cluster: every broker stays down until the process is gone.
        using var mock = MockKafkaCluster.Start(3);
        await using var scenario = WorkerScenario.CreateOnMock(mock, redis, output, partitions: 3);
        var history = WorkerScenario.History(52);
        var delivery = history.Delivery(new Random(52), duplicateRate: 0.2);
        var half = delivery.Count / 2;
        // The production defaults (drain 5 s, close 10 s, session 45 s): a long session is what kept
        // Close() and the final commit waiting for a coordinator that never came back.
        var drain = new WorkerOptions().DrainTimeout;
        var close = new WorkerOptions().CloseTimeout;
        var worker = await scenario.StartWorkerProcessAsync(s =>
        {
            s.Remove("Worker:CloseTimeout");
            s.Remove("Worker:SessionTimeout");
            s.Remove("Worker:MaxPollInterval");
            // Slow auto commits: the second half is applied but not yet committed when the brokers go.
            s["Worker:CommitInterval"] = "00:00:10";
        });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await scenario.PublishAsync(delivery.Take(half));
        await WaitUntilProcessedAsync(worker, http, half);
        // A revocation or close would commit; an auto commit comes every 10 s: wait for the first one.
        await scenario.WaitUntilAllCommittedAsync(TimeSpan.FromSeconds(30));
        await scenario.PublishAsync(delivery.Skip(half));
        await WaitUntilProcessedAsync(worker, http, delivery.Count);
        var committedBefore = scenario.CommittedTotal();

        mock.SetAllBrokersDown();
        TimeSpan? exitedAfter;
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            exitedAfter = await worker.TerminateAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            mock.SetAllBrokersUp();
        }

        output.WriteLine($"exited {exitedAfter?.TotalSeconds:F1} s after SIGTERM with every broker down (bound {(drain + close).TotalSeconds + 2} s)");
        Assert.NotNull(exitedAfter);
        Assert.True(exitedAfter <= drain + close + TimeSpan.FromSeconds(2), $"took {exitedAfter}: {worker.Output()}");
        Assert.Equal(0, worker.ExitCode);

        // What was committed stays committed; the rest is applied again by the next worker, once the
        // group gives up on the member that could not leave it (the 45 s session timeout).
        Assert.True(scenario.CommittedTotal() >= committedBefore);
        await scenario.StartWorkerAsync();
        await scenario.WaitUntilAllCommittedAsync(TimeSpan.FromSeconds(120));
        await scenario.AssertTruthAsync(history);
    }

    private static async Task WaitUntilProcessedAsync(ServiceProcess worker, HttpClient http, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (await worker.MetricAsync(http, WorkerMetricNames.Processed) < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{count} messages were not applied within 60 s: {worker.Output()}");
            await Task.Delay(50);
        }
    }
}
