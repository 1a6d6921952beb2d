using Confluent.Kafka;
using KafkaRooms.Testing.Kafka;

namespace KafkaRooms.Foundation.IntegrationTests;

/// <summary>The Testcontainers tier, for users with Docker. Skipped only when no Docker engine answers.</summary>
public sealed class DockerTierTests
{
    [SkippableFact]
    public async Task Testcontainers_Kafka_takes_and_returns_a_message()
    {
        Skip.IfNot(DockerEngine.Answers, "no Docker engine answers on this machine (tier 3, the mock cluster, covers Kafka here)");
        var fixture = new TestcontainersKafkaFixture();
        await fixture.InitializeAsync();
        try
        {
            var topic = await fixture.CreateTopicAsync(3, "docker");
            using var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = fixture.BootstrapServers }).Build();
            await producer.ProduceAsync(topic, new Message<Null, string> { Value = "hello" });
            using var consumer = new ConsumerBuilder<Null, string>(new ConsumerConfig
            {
                BootstrapServers = fixture.BootstrapServers,
                GroupId = "docker",
                AutoOffsetReset = AutoOffsetReset.Earliest,
            }).Build();
            consumer.Subscribe(topic);
            var result = consumer.Consume(TimeSpan.FromSeconds(30));
            Assert.Equal("hello", result?.Message.Value);
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }

    private sealed class TestcontainersKafkaFixture() : KafkaFixture(KafkaTier.Testcontainers);
}
