using System.Net.Http.Headers;
using Confluent.Kafka;
using CsCheck;
using KafkaRooms.Rooms.Contract;
using KafkaRooms.Testing.Kafka;

namespace KafkaRooms.Ingest.IntegrationTests.Mutation;

/// <summary>
/// Valid callbacks mutated at random: Ingest never answers 5xx, publishes nothing it refuses,
/// and what it publishes for a 2xx is exactly what the mutated body says.
/// </summary>
[Collection(IngestCollection.Name)]
public sealed class CallbackMutationPropertyTests(KafkaFixture kafka)
{
    [Fact]
    public async Task A_mutated_callback_is_never_answered_5xx_and_what_is_published_is_what_its_body_says()
    {
        var topic = await kafka.CreateTopicAsync(1, "mutation");
        await using var server = await IngestServer.StartAsync(kafka.BootstrapServers, topic);
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            GroupId = $"mutation-{Guid.NewGuid():N}",
            EnableAutoCommit = false,
            // Each accepted mutation waits for its one message: no batching to wait for.
            FetchWaitMaxMs = 5,
        }).Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var published = 0L;
        var accepted = 0;

        await Gen.Select(Gen.Int[0, 3], Gen.Bool, Gen.Int).SampleAsync(async (kind, asForm, seed) =>
        {
            var random = new Random(seed);
            var body = CallbackMutator.Mutate(random, CallbackMutator.Base(random, kind).Signed(), asForm);
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(asForm ? "application/x-www-form-urlencoded" : "application/json");

            using var response = await server.Client.PostAsync("/zego/callback", content);
            var status = (int)response.StatusCode;
            var answer = await response.Content.ReadAsStringAsync();
            Assert.True(status is >= 200 and < 500, $"{status} {answer}");

            var expected = status < 300 ? CallbackOracle.Read(body, asForm).Expected() : null;
            if (expected is not null)
            {
                accepted++;
                var message = consumer.Consume(TimeSpan.FromSeconds(15));
                Assert.NotNull(message);
                published++;
                var actual = RoomEventCodec.Deserialize(message.Message.Value);
                Assert.Equal(expected, actual with { ReceivedMs = 0 });
                Assert.Null(RoomEventValidator.Validate(actual, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
            }

            // Refused or untracked: nothing more than the accepted events reached Kafka.
            var high = consumer.QueryWatermarkOffsets(new TopicPartition(topic, 0), TimeSpan.FromSeconds(10)).High.Value;
            Assert.Equal(published, high);
        }, iter: 400, threads: 1, print: t => $"kind {t.Item1}, form {t.Item2}, seed {t.Item3}");

        // The property means little unless some mutations are accepted and some refused.
        Assert.InRange(accepted, 20, 380);
    }
}
