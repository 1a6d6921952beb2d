using Confluent.Kafka;
using KafkaRooms.Rooms.Kafka;
using KafkaRooms.Worker.Consuming;
using KafkaRooms.Worker.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace KafkaRooms.Worker.UnitTests;

public class WorkerOptionsTests
{
    [Fact]
    public void Defaults_are_valid()
    {
        using var services = Build([]);

        var options = services.GetRequiredService<IOptions<WorkerOptions>>().Value;

        Assert.Equal("kafkarooms-worker", options.GroupId);
        Assert.True(options.MaxPollInterval > options.WorstCaseBatch);
    }

    [Theory]
    [InlineData("Worker:MaxBatchSize", "0", "MaxBatchSize")]
    [InlineData("Worker:GroupId", "bad group!", "GroupId")]
    [InlineData("Worker:MaxBatchWait", "00:00:00", "MaxBatchWait")]
    [InlineData("Worker:MaxPollInterval", "00:00:10", "Worker:MaxPollInterval")]
    [InlineData("Worker:RetryMaxDelay", "00:00:00.010", "Worker:RetryMaxDelay")]
    [InlineData("Worker:FetchWaitMax", "00:00:00", "FetchWaitMax")]
    public void A_bad_setting_is_refused_naming_it(string key, string value, string named)
    {
        using var services = Build(new() { [key] = value });

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<WorkerOptions>>().Value);
        Assert.Contains(named, ex.Message);
    }

    [Fact]
    public void The_bootstrap_variable_overrides_the_configured_servers()
    {
        using var services = Build(new()
        {
            ["Kafka:BootstrapServers"] = "configured:9092",
            [KafkaHostingExtensions.BootstrapServersVariable] = "from-env:9092",
        });

        Assert.Equal("from-env:9092", services.GetRequiredService<IOptions<KafkaOptions>>().Value.BootstrapServers);
    }

    [Fact]
    public void The_consumer_stores_offsets_itself_and_uses_cooperative_sticky_assignment()
    {
        var kafka = new KafkaOptions { BootstrapServers = "b:9092", Client = { ["security.protocol"] = "SASL_SSL" } };
        var worker = new WorkerOptions { MaxPollInterval = TimeSpan.FromMinutes(2), SessionTimeout = TimeSpan.FromSeconds(10) };

        var config = KafkaClientSettings.Consumer(kafka, worker);

        Assert.Equal(PartitionAssignmentStrategy.CooperativeSticky, config.PartitionAssignmentStrategy);
        Assert.False(config.EnableAutoOffsetStore);
        Assert.True(config.EnableAutoCommit);
        Assert.Equal(120_000, config.MaxPollIntervalMs);
        Assert.Equal(10_000, config.SessionTimeoutMs);
        Assert.Equal("kafkarooms-worker", config.GroupId);
        Assert.Equal(AutoOffsetReset.Earliest, config.AutoOffsetReset);
        Assert.Equal("SASL_SSL", config.Single(setting => setting.Key == "security.protocol").Value);
    }

    [Fact]
    public void The_fetch_wait_is_the_configured_one_long_by_default_because_real_brokers_answer_at_once()
    {
        Assert.Equal(500, KafkaClientSettings.Consumer(new KafkaOptions(), new WorkerOptions()).FetchWaitMaxMs);

        var mock = KafkaClientSettings.Consumer(new KafkaOptions(), new WorkerOptions { FetchWaitMax = TimeSpan.FromMilliseconds(10) });

        Assert.Equal(10, mock.FetchWaitMaxMs);
    }

    [Fact]
    public void The_dead_letter_producer_is_idempotent_and_waits_for_all_replicas()
    {
        var config = KafkaClientSettings.DeadLetterProducer(new KafkaOptions(), new WorkerOptions());

        Assert.True(config.EnableIdempotence);
        Assert.Equal(Acks.All, config.Acks);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddRoomEventWorker();
        return builder.Services.BuildServiceProvider();
    }
}
