using KafkaRooms.Rooms;
using KafkaRooms.Worker.Consuming;
using KafkaRooms.Worker.Health;
using KafkaRooms.Worker.Hosting;
using KafkaRooms.Worker.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace KafkaRooms.Worker.IntegrationTests;

/// <summary>One Worker as production wires it (AddRoomState + AddRoomEventWorker), configured in memory.</summary>
internal sealed class WorkerInstance : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private WorkerInstance(IHost host)
    {
        _host = host;
        Metrics = host.Services.GetRequiredService<WorkerMetrics>();
        Status = host.Services.GetRequiredService<WorkerStatus>();
        Consumer = host.Services.GetServices<IHostedService>().OfType<RoomEventConsumerService>().Single();
        Stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
    }

    /// <summary>Signalled when the host was asked to stop (by the test or by the worker itself).</summary>
    public CancellationToken Stopping { get; }

    public WorkerMetrics Metrics { get; }

    public WorkerStatus Status { get; }

    private RoomEventConsumerService Consumer { get; }

    public static async Task<WorkerInstance> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddRoomState();
        builder.AddRoomEventWorker();
        var host = builder.Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await host.StartAsync(timeout.Token);
        return new WorkerInstance(host);
    }

    /// <summary>What /readyz (tag "ready") or /healthz (tag "live") would answer.</summary>
    public async Task<HealthStatus> HealthAsync(string tag)
    {
        var report = await _host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(c => c.Tags.Contains(tag));
        return report.Status;
    }

    /// <summary>Graceful stop: finish the batch, commit, leave the group.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _host.StopAsync(timeout.Token);
    }

    /// <summary>Like a crash: no store, no commit, no leaving the group (the group waits for the session timeout).</summary>
    public async Task KillAsync()
    {
        Consumer.Kill();
        await StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _host.Dispose();
    }
}
