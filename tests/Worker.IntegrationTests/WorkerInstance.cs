using KafkaRooms.Rooms;
using System.Diagnostics.Metrics;
using KafkaRooms.Worker.Health;
using KafkaRooms.Worker.Hosting;
using KafkaRooms.Worker.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace KafkaRooms.Worker.IntegrationTests;

/// <summary>One Worker as production wires it (AddRoomState + AddRoomEventWorker), configured in memory.</summary>
internal sealed class WorkerInstance : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly MetricCollector<long> _applied;
    private readonly MetricCollector<long> _deadLettered;
    private readonly MetricCollector<long> _repairs;
    private readonly MetricCollector<long> _repairMessages;
    private readonly MetricCollector<long> _inline;
    private bool _stopped;

    private WorkerInstance(IHost host)
    {
        _host = host;
        // The instruments /metrics exports, read as a Prometheus scrape would.
        var meters = host.Services.GetRequiredService<IMeterFactory>();
        _applied = new MetricCollector<long>(meters, WorkerMetrics.MeterName, "kafkarooms.worker.events.applied");
        _deadLettered = new MetricCollector<long>(meters, WorkerMetrics.MeterName, "kafkarooms.worker.events.dead_lettered");
        _repairs = new MetricCollector<long>(meters, WorkerMetrics.MeterName, "kafkarooms.worker.repairs");
        _repairMessages = new MetricCollector<long>(meters, WorkerMetrics.MeterName, "kafkarooms.worker.repair.messages");
        _inline = new MetricCollector<long>(meters, WorkerMetrics.MeterName, "kafkarooms.worker.batch.inline");
        Status = host.Services.GetRequiredService<WorkerStatus>();
        Stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
    }

    /// <summary>Signalled when the host was asked to stop (by the test or by the worker itself).</summary>
    public CancellationToken Stopping { get; }

    /// <summary>Events whose script call returned, any outcome (kafkarooms_worker_events_applied_total).</summary>
    public long AppliedTotal => _applied.GetMeasurementSnapshot().Sum(m => m.Value);

    /// <summary>Messages written to the dead-letter topic (kafkarooms_worker_events_dead_lettered_total).</summary>
    public long DeadLetteredTotal => _deadLettered.GetMeasurementSnapshot().Sum(m => m.Value);

    /// <summary>Partitions sought back to re-apply what Redis lost, by reason (kafkarooms_worker_repairs_total).</summary>
    public IReadOnlyDictionary<string, long> Repairs => _repairs.GetMeasurementSnapshot()
        .GroupBy(m => (string)m.Tags["reason"]!)
        .ToDictionary(g => g.Key, g => g.Sum(m => m.Value));

    /// <summary>Messages applied again by repairs (kafkarooms_worker_repair_messages_total).</summary>
    public long RepairMessagesTotal => _repairMessages.GetMeasurementSnapshot().Sum(m => m.Value);

    /// <summary>Small batches tried inline on the poll thread, by outcome (kafkarooms_worker_batch_inline_total).</summary>
    public IReadOnlyDictionary<string, long> InlineBatches => _inline.GetMeasurementSnapshot()
        .GroupBy(m => (string)m.Tags["outcome"]!)
        .ToDictionary(g => g.Key, g => g.Sum(m => m.Value));

    public WorkerStatus Status { get; }

    public static async Task<WorkerInstance> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddRoomState();
        builder.AddRoomEventWorker();
        var host = builder.Build();
        // Listening before the start, so nothing the worker applies is missed.
        var worker = new WorkerInstance(host);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await host.StartAsync(timeout.Token);
        return worker;
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

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _applied.Dispose();
        _deadLettered.Dispose();
        _repairs.Dispose();
        _repairMessages.Dispose();
        _host.Dispose();
    }
}
