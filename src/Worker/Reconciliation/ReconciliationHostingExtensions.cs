using KafkaRooms.Rooms.Reading;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace KafkaRooms.Worker.Reconciliation;

public static class ReconciliationHostingExtensions
{
    /// <summary>
    /// The suspicion census and the reconciler (docs/reconciliation.md): settings from sections
    /// "Zego" (apps and their server secrets), "Zego:ServerApi", "Reconciliation" and "Suspicion",
    /// validated at start; the hosted service; the meter. Expects the room state (<c>AddRoomState()</c>)
    /// and the Kafka options (<c>AddRoomEventWorker()</c>). Nothing runs unless Zego:Apps names an app.
    /// </summary>
    public static IHostApplicationBuilder AddReconciliation(this IHostApplicationBuilder builder)
    {
        builder.AddRoomSuspicion();
        builder.Services.AddOptions<ZegoAppsOptions>().Bind(builder.Configuration.GetSection(ZegoAppsOptions.SectionName));
        builder.Services.AddOptions<ServerApiOptions>()
            .Bind(builder.Configuration.GetSection(ServerApiOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<ReconciliationOptions>()
            .Bind(builder.Configuration.GetSection(ReconciliationOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ReconciliationOptions>, ReconciliationOptionsValidator>();

        builder.Services.AddMetrics();
        builder.Services.AddSingleton<ReconciliationMetrics>();
        builder.Services.AddSingleton<ZegoServerApiClient>();
        builder.Services.AddSingleton<CorrectionPublisher>();
        builder.Services.AddSingleton<SuspicionCensus>();
        builder.Services.AddSingleton<AppReconcilerServices>();
        builder.Services.AddHostedService<ReconciliationService>();
        builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddMeter(ReconciliationMetrics.MeterName));
        return builder;
    }
}
