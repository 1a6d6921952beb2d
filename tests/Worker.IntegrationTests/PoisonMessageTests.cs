using System.Text;
using KafkaRooms.Rooms.Contract;
using KafkaRooms.Rooms.Kafka;
using KafkaRooms.Testing.Kafka;
using KafkaRooms.Testing.Redis;
using Xunit.Abstractions;

namespace KafkaRooms.Worker.IntegrationTests;

[Collection(WorkerCollection.Name)]
public sealed class PoisonMessageTests(KafkaFixture kafka, RedisServerFixture redis, ITestOutputHelper output)
{
    [Fact]
    public async Task Poison_messages_land_in_the_dead_letter_topic_with_their_reason_while_the_partition_is_applied()
    {
        // One partition: the poison sits between valid events of the same partition.
        await using var scenario = await WorkerScenario.CreateAsync(kafka, redis, output, partitions: 1);
        var history = WorkerScenario.History(61);
        var delivery = history.Delivery(new Random(61), duplicateRate: 0.1);
        var third = delivery.Count / 3;

        var invalidJson = "{\"v\":1,\"kind\":"u8.ToArray();
        var wrongVersion = Encoding.UTF8.GetBytes(
            """{"v":2,"kind":"room_created","app_id":7,"room_id":"r","room_session":"5","time_ms":1764072000000}""");
        var farFuture = RoomEventCodec.Serialize(delivery[0] with { TimeMs = DateTimeOffset.UtcNow.AddDays(2).ToUnixTimeMilliseconds() });
        var poisonHeaders = new Confluent.Kafka.Headers { { "trace", [7, 7] } };

        await scenario.PublishAsync(delivery.Take(third));
        scenario.Produce("poison-1"u8.ToArray(), invalidJson, poisonHeaders);
        await scenario.PublishAsync(delivery.Skip(third).Take(third));
        scenario.Produce("poison-2"u8.ToArray(), wrongVersion);
        scenario.Produce("poison-3"u8.ToArray(), farFuture);
        await scenario.PublishAsync(delivery.Skip(2 * third));
        await scenario.StartWorkerAsync();

        await scenario.WaitUntilAllCommittedAsync(TimeSpan.FromSeconds(60));
        await scenario.AssertTruthAsync(history);

        var deadLetters = scenario.ReadDeadLetters(3, TimeSpan.FromSeconds(20))
            .ToDictionary(m => WorkerScenario.Text(m.Message.Key!));
        Assert.Equal(["poison-1", "poison-2", "poison-3"], deadLetters.Keys.Order());

        var json = deadLetters["poison-1"];
        Assert.Equal(invalidJson, json.Message.Value);
        Assert.Contains("not a valid event contract", WorkerScenario.Header(json, DeadLetterHeaders.Reason));
        Assert.Equal(new byte[] { 7, 7 }, json.Message.Headers.Single(h => h.Key == "trace").GetValueBytes());
        Assert.Equal(scenario.Topic, WorkerScenario.Header(json, DeadLetterHeaders.SourceTopic));
        Assert.Equal(0, WorkerScenario.HeaderNumber(json, DeadLetterHeaders.SourcePartition));
        Assert.Equal(third, WorkerScenario.HeaderNumber(json, DeadLetterHeaders.SourceOffset));

        var version = deadLetters["poison-2"];
        Assert.Contains("unsupported contract version 2", WorkerScenario.Header(version, DeadLetterHeaders.Reason));
        Assert.Equal(2 * third + 1, WorkerScenario.HeaderNumber(version, DeadLetterHeaders.SourceOffset));

        var future = deadLetters["poison-3"];
        Assert.Contains("in the future", WorkerScenario.Header(future, DeadLetterHeaders.Reason));
        Assert.Equal(farFuture, future.Message.Value);
        Assert.Equal(2 * third + 2, WorkerScenario.HeaderNumber(future, DeadLetterHeaders.SourceOffset));
    }
}
