using System.Globalization;
using Microsoft.Extensions.Options;

namespace KafkaRooms.Worker.Reconciliation;

/// <summary>
/// The reconciler in the Worker process (docs/reconciliation.md): one <see cref="AppReconciler"/>
/// per app under Zego:Apps, each doing its work only on the replica that holds the app's lease.
/// Off for apps without a server secret (census and gauge only) and entirely without apps. Its
/// work runs beside the consume loop, shares nothing with it but the Redis connection, and never
/// stops the host.
/// </summary>
internal sealed class ReconciliationService(IOptions<ZegoAppsOptions> apps, AppReconcilerServices services, ILogger<ReconciliationService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting before any Redis call.
        await Task.Yield();
        var reconcilers = apps.Value.Apps
            .Select(app => new AppReconciler(
                uint.Parse(app.Key, NumberStyles.None, CultureInfo.InvariantCulture),
                string.IsNullOrEmpty(app.Value.ServerSecret) ? null : app.Value.ServerSecret,
                services))
            .ToList();
        if (reconcilers.Count == 0)
        {
            ReconciliationLog.NoApps(logger);
            return;
        }

        await Task.WhenAll(reconcilers.Select(reconciler => reconciler.RunAsync(stoppingToken))).ConfigureAwait(false);
    }
}
