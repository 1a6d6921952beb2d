using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace KafkaRooms.ServiceDefaults;

/// <summary>
/// OpenTelemetry as every service has it: one resource (service name, version, instance),
/// ASP.NET Core and runtime metrics scraped at /metrics, ASP.NET Core traces, and logs through
/// OpenTelemetry. Nothing leaves the process unless <see cref="OtlpEndpointVariable"/> is set;
/// then metrics, traces and logs are also pushed over OTLP (the standard OTEL_EXPORTER_OTLP_*
/// variables configure it). Services add their own meters and activity sources with
/// <c>ConfigureOpenTelemetryMeterProvider</c> / <c>ConfigureOpenTelemetryTracerProvider</c>.
/// </summary>
public static class TelemetryDefaults
{
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public const string MetricsPath = "/metrics";

    /// <summary>Every service is built from the same tree, so this library's version is the service's.</summary>
    public static string Version { get; } =
        typeof(TelemetryDefaults).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(TelemetryDefaults).Assembly.GetName().Version?.ToString()
        ?? "0.0.0";

    /// <summary>Host name and process id: tells replicas apart and names the pod or machine to look at.</summary>
    public static string InstanceId { get; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    internal static IHostApplicationBuilder ConfigureOpenTelemetry(this IHostApplicationBuilder builder, string serviceName)
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName, serviceVersion: Version, serviceInstanceId: InstanceId))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter())
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = http => !Extensions.IsOperationsPath(http.Request.Path)));

        if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointVariable]))
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }
}
