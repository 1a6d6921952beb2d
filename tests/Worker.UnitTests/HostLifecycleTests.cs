using KafkaRooms.Rooms;
using KafkaRooms.Worker.Health;
using KafkaRooms.Worker.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace KafkaRooms.Worker.UnitTests;

/// <summary>Start and stop of the real registration with nothing listening at the Kafka and Redis addresses.</summary>
public class HostLifecycleTests
{
    [Fact]
    public async Task Host_start_and_stop_do_not_wait_for_kafka_or_redis()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // Port 1 on loopback: connection refused at once, nothing to reach.
            ["Kafka:BootstrapServers"] = "127.0.0.1:1",
            ["RoomState:Redis"] = "127.0.0.1:1,connectTimeout=20000",
            ["Worker:CloseTimeout"] = "00:00:02",
        });
        builder.AddRoomState();
        builder.AddRoomEventWorker();
        using var host = builder.Build();
        var status = host.Services.GetRequiredService<WorkerStatus>();

        // Bounds far above normal, far below the Redis connect timeout a blocking start would wait out.
        await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(10));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!status.Running)
        {
            await Task.Delay(20, deadline.Token);
        }

        await host.StopAsync().WaitAsync(TimeSpan.FromSeconds(15));
        Assert.False(status.Running);
        Assert.False(status.Fatal);
    }

    [Theory]
    [InlineData("00:00:05", "00:00:10", 30)]
    [InlineData("00:00:40", "00:00:30", 75)]
    public void The_host_waits_for_the_drain_and_the_close_before_giving_up_on_the_loop(string drain, string close, int expectedSeconds)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = "127.0.0.1:1",
            ["Worker:DrainTimeout"] = drain,
            ["Worker:CloseTimeout"] = close,
        });
        builder.AddRoomEventWorker();
        using var services = builder.Services.BuildServiceProvider();

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
    }
}
