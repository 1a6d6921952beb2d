using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace KafkaRooms.ServiceDefaults;

/// <summary>
/// The one entry point every service calls (<c>builder.AddServiceDefaults(...)</c>, then
/// <c>app.MapDefaultEndpoints()</c>), so URLs, telemetry, health endpoints and the answer to a
/// client's fault are the same in Ingest, the Worker and the read API (docs/architecture.md).
/// </summary>
public static class Extensions
{
    /// <summary>The configuration key ASP.NET Core listens on (ASPNETCORE_URLS, --urls, "urls").</summary>
    public const string UrlsKey = "urls";

    public const string LivenessPath = "/healthz";

    public const string ReadinessPath = "/readyz";

    /// <param name="serviceName">The OpenTelemetry service name, e.g. <c>kafkarooms-ingest</c>.</param>
    /// <param name="defaultUrl">Where the service listens unless ASPNETCORE_URLS, --urls or "urls" say otherwise.</param>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder, string serviceName, string defaultUrl)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(serviceName);
        ArgumentException.ThrowIfNullOrEmpty(defaultUrl);

        if (string.IsNullOrEmpty(builder.Configuration[UrlsKey]))
        {
            builder.Configuration.AddInMemoryCollection([new(UrlsKey, defaultUrl)]);
        }

        builder.ConfigureOpenTelemetry(serviceName);
        builder.Services.AddHealthChecks()
            // /healthz answers while the process can answer at all; services add their own live checks.
            .AddCheck("self", () => HealthCheckResult.Healthy(), [HealthTags.Live]);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ClientFaultHandler>();
        return builder;
    }

    /// <summary>
    /// Client faults as 4xx problem+json (and empty 4xx answers as problem+json), /healthz
    /// (checks tagged <see cref="HealthTags.Live"/>), /readyz (tagged <see cref="HealthTags.Ready"/>)
    /// and /metrics (Prometheus).
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapHealthChecks(LivenessPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(HealthTags.Live) });
        app.MapHealthChecks(ReadinessPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(HealthTags.Ready) });
        app.MapPrometheusScrapingEndpoint(TelemetryDefaults.MetricsPath);
        return app;
    }

    /// <summary>Paths that operators' probes and scrapers call; kept out of traces.</summary>
    internal static bool IsOperationsPath(PathString path) =>
        path.StartsWithSegments(LivenessPath)
        || path.StartsWithSegments(ReadinessPath)
        || path.StartsWithSegments(TelemetryDefaults.MetricsPath);
}
