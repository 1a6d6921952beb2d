using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace KafkaRooms.Ingest.Telemetry;

public static class IngestTelemetryExtensions
{
    /// <summary>Ingest's metrics, ASP.NET Core and runtime metrics, exported for Prometheus.</summary>
    public static IHostApplicationBuilder AddIngestTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IngestMetrics>();
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("kafkarooms-ingest"))
            .WithMetrics(metrics => metrics
                .AddMeter(IngestMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter());
        return builder;
    }

    /// <summary>GET /metrics in Prometheus text format.</summary>
    public static IEndpointRouteBuilder MapIngestMetrics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPrometheusScrapingEndpoint("/metrics");
        return endpoints;
    }
}
