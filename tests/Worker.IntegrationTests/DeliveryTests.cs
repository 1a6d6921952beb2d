using KafkaRooms.Testing.Kafka;
using KafkaRooms.Testing.Redis;
using Xunit.Abstractions;

namespace KafkaRooms.Worker.IntegrationTests;

[Collection(WorkerCollection.Name)]
public sealed class DeliveryTests(KafkaFixture kafka, RedisServerFixture redis, ITestOutputHelper output)
{
    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public async Task A_shuffled_history_with_duplicates_ends_in_the_truth(int seed)
    {
        await using var scenario = await WorkerScenario.CreateAsync(kafka, redis, output, partitions: 4);
        var history = WorkerScenario.History(seed);
        var delivery = history.Delivery(new Random(seed), duplicateRate: 0.3);
        await scenario.PublishAsync(delivery);

        var worker = await scenario.StartWorkerAsync();
        await scenario.WaitUntilAllCommittedAsync(TimeSpan.FromSeconds(60));

        await scenario.AssertTruthAsync(history);
        Assert.True(worker.AppliedTotal >= delivery.Count, "every delivered event went through the store");
        Assert.Equal(0, worker.DeadLetteredTotal);
    }

    [Fact]
    public async Task Events_published_while_the_worker_runs_are_applied_too_small_batches_inline_on_the_poll_thread()
    {
        await using var scenario = await WorkerScenario.CreateAsync(kafka, redis, output, partitions: 3);
        var history = WorkerScenario.History(13);
        var delivery = history.Delivery(new Random(13), duplicateRate: 0.2);
        var worker = await scenario.StartWorkerAsync();

        foreach (var chunk in delivery.Chunk(200))
        {
            await scenario.PublishAsync(chunk);
            await Task.Delay(50);
        }

        await scenario.WaitUntilAllCommittedAsync(TimeSpan.FromSeconds(60));
        await scenario.AssertTruthAsync(history);
        // Chunks of 200 with pauses make batches below Worker:InlineApplyMaxEvents: the inline path
        // is wired in and carries most of them (the first batches may fall back: the store is
        // resolved by the first one, and a Redis that forgot the script answers NOSCRIPT once).
        var inline = worker.InlineBatches;
        Assert.True(inline.GetValueOrDefault("applied") > inline.GetValueOrDefault("fell_back"), $"inline batches: {string.Join(", ", inline)}");
    }
}
