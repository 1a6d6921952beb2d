using KafkaRooms.Testing.Kafka;
using KafkaRooms.Testing.Redis;
using KafkaRooms.Worker.Health;
using KafkaRooms.Worker.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace KafkaRooms.Worker.IntegrationTests;

[Collection(WorkerCollection.Name)]
public sealed class EndpointTests(KafkaFixture kafka, RedisServerFixture redis, ITestOutputHelper output)
{
    [Fact]
    public async Task The_worker_serves_health_readiness_and_prometheus_metrics_of_what_it_applied()
    {
        await using var scenario = await WorkerScenario.CreateAsync(kafka, redis, output, partitions: 2);
        var history = WorkerScenario.History(71);
        await scenario.PublishAsync(history.Delivery(new Random(71), duplicateRate: 0.2));
        scenario.Produce("poison"u8.ToArray(), "nonsense"u8.ToArray());
        await scenario.FlushAsync();

        // The program's own wiring, on a free port.
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(scenario.Settings());
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.AddWorker();
        await using var app = builder.Build();
        app.MapWorker();
        await app.StartAsync();
        try
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            using var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(10) };

            await scenario.WaitUntilAllCommittedAsync(TimeSpan.FromSeconds(60));
            await scenario.AssertTruthAsync(history);

            Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
            var status = app.Services.GetRequiredService<WorkerStatus>();
            await WorkerScenario.WaitUntilAsync(() => status.AssignedPartitions > 0, TimeSpan.FromSeconds(10), "partitions are assigned");
            var ready = await http.GetAsync("/readyz");
            Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);

            var metrics = await http.GetStringAsync("/metrics");
            output.WriteLine(string.Join("\n", metrics.Split('\n').Where(l => l.StartsWith("kafkarooms", StringComparison.Ordinal))));
            Assert.Contains("kafkarooms_worker_events_consumed_total", metrics);
            Assert.Contains("kafkarooms_worker_events_applied_total{otel_scope_name=\"KafkaRooms.Worker\",outcome=\"applied\"}", metrics);
            Assert.Contains("kafkarooms_worker_events_dead_lettered_total{otel_scope_name=\"KafkaRooms.Worker\"} 1", metrics);
            Assert.Contains("kafkarooms_worker_batch_duration_seconds_bucket{otel_scope_name=\"KafkaRooms.Worker\",le=\"0.005\"}", metrics);
            Assert.Contains("kafkarooms_worker_consumer_lag", metrics);
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
