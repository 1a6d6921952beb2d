using KafkaRooms.Rooms;
using KafkaRooms.Worker.Hosting;
using KafkaRooms.Worker.Reconciliation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace KafkaRooms.Reconciliation.IntegrationTests;

/// <summary>
/// One Worker process as production wires it (AddRoomState, AddRoomEventWorker, AddReconciliation),
/// configured in memory, with its reconciliation counters and log lines collected.
/// </summary>
internal sealed class ReconcilingWorker : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly MetricCollector<long> _calls;
    private readonly MetricCollector<long> _errors;
    private readonly MetricCollector<long> _corrections;
    private readonly MetricCollector<long> _suspects;
    private bool _stopped;

    private ReconcilingWorker(IHost host, FakeLogCollector logs)
    {
        _host = host;
        Logs = logs;
        var meters = host.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        _calls = new MetricCollector<long>(meters, ReconciliationMetrics.MeterName, "kafkarooms.reconcile.calls");
        _errors = new MetricCollector<long>(meters, ReconciliationMetrics.MeterName, "kafkarooms.reconcile.errors");
        _corrections = new MetricCollector<long>(meters, ReconciliationMetrics.MeterName, "kafkarooms.reconcile.corrections");
        _suspects = new MetricCollector<long>(meters, ReconciliationMetrics.MeterName, "kafkarooms.rooms.suspect");
    }

    public FakeLogCollector Logs { get; }

    /// <summary>Starts the host; the collectors see everything counted from the start.</summary>
    public static async Task<ReconcilingWorker> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        var logs = new FakeLogCollector();
        builder.Logging.AddProvider(new FakeLoggerProvider(logs)).SetMinimumLevel(LogLevel.Information);
        builder.AddRoomState();
        builder.AddRoomEventWorker();
        builder.AddReconciliation();
        var host = builder.Build();
        var worker = new ReconcilingWorker(host, logs);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await host.StartAsync(timeout.Token);
        return worker;
    }

    /// <summary>Server-API requests of the app, by outcome (ok, rate_limited, ...).</summary>
    public long Calls(string outcome) => Sum(_calls, "outcome", outcome);

    public long AllCalls() => _calls.GetMeasurementSnapshot().Sum(m => m.Value);

    public long Errors(string reason) => Sum(_errors, "reason", reason);

    public long Corrections(string kind) => Sum(_corrections, "kind", kind);

    public long AllCorrections() => _corrections.GetMeasurementSnapshot().Sum(m => m.Value);

    /// <summary>The suspicion gauge of an app, by reason, as a scrape now would read it.</summary>
    public IReadOnlyDictionary<string, long> Suspects(uint appId)
    {
        _suspects.RecordObservableInstruments();
        var app = appId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return _suspects.GetMeasurementSnapshot()
            .Where(m => Equals(m.Tags["app"], app))
            .GroupBy(m => (string)m.Tags["reason"]!)
            .ToDictionary(g => g.Key, g => g.Last().Value);
    }

    /// <summary>Log lines whose text contains <paramref name="text"/>.</summary>
    public IReadOnlyList<FakeLogRecord> LogsContaining(string text) =>
        [.. Logs.GetSnapshot().Where(record => record.Message.Contains(text, StringComparison.Ordinal))];

    private static long Sum(MetricCollector<long> collector, string tag, string value) =>
        collector.GetMeasurementSnapshot().Where(m => Equals(m.Tags[tag], value)).Sum(m => m.Value);

    /// <summary>Graceful stop: the lease is released, the consumer commits and leaves its group.</summary>
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
        _calls.Dispose();
        _errors.Dispose();
        _corrections.Dispose();
        _suspects.Dispose();
        _host.Dispose();
    }
}
