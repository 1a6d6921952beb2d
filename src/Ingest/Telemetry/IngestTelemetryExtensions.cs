using OpenTelemetry.Metrics;

namespace KafkaRooms.Ingest.Telemetry;

public static class IngestTelemetryExtensions
{
    /// <summary>Ingest's own meter, beside the service defaults' ASP.NET Core and runtime metrics.</summary>
    public static IHostApplicationBuilder AddIngestTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IngestMetrics>();
        builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddMeter(IngestMetrics.MeterName));
        return builder;
    }
}
