using Confluent.Kafka;
using KafkaRooms.Ingest.Publishing;
using KafkaRooms.Rooms.Kafka;

namespace KafkaRooms.Ingest.UnitTests;

public sealed class ProducerConfigTests
{
    [Fact]
    public void The_producer_is_idempotent_acks_all_murmur2_random_and_times_out_with_the_request()
    {
        var config = CallbackPublisher.CreateConfig(new KafkaOptions { BootstrapServers = "k:9092" }, TimeSpan.FromSeconds(3));
        Assert.Equal("k:9092", config.BootstrapServers);
        Assert.True(config.EnableIdempotence);
        Assert.Equal(Acks.All, config.Acks);
        Assert.Equal(Partitioner.Murmur2Random, config.Partitioner);
        Assert.Equal(3000, config.MessageTimeoutMs);
        Assert.True(config.LingerMs > 0);
    }

    [Fact]
    public void Passthrough_settings_apply_but_cannot_weaken_the_acknowledgement()
    {
        var kafka = new KafkaOptions
        {
            Client =
            {
                ["security.protocol"] = "SASL_SSL",
                ["linger.ms"] = "20",
                ["acks"] = "1",
                ["enable.idempotence"] = "false",
            },
        };
        var config = CallbackPublisher.CreateConfig(kafka, TimeSpan.FromSeconds(10));
        Assert.Equal("SASL_SSL", config.Get("security.protocol"));
        Assert.Equal(20, config.LingerMs);
        Assert.Equal(Acks.All, config.Acks);
        Assert.True(config.EnableIdempotence);
    }
}
