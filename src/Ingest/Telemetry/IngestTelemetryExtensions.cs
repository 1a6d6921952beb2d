using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace KafkaRooms.Ingest.Telemetry;

public static class IngestTelemetryExtensions
{
    /// <summary>The standard OpenTelemetry variable that chooses the trace sampler; when set, it decides.</summary>
    public const string SamplerVariable = "OTEL_TRACES_SAMPLER";

    /// <summary>The share of callbacks traced when <see cref="SamplerVariable"/> is not set.</summary>
    public const double DefaultTraceRatio = 0.01;

    /// <summary>
    /// Ingest's own meter, beside the service defaults' ASP.NET Core and runtime metrics; and
    /// callbacks traced one in a hundred unless <see cref="SamplerVariable"/> says otherwise.
    /// </summary>
    /// <remarks>
    /// A fully recorded span per callback cost more CPU than the callback's own checks
    /// (docs/benchmarks.md, "Ingest"), so traces are sampled, not dropped. The sampler is parent
    /// based: a caller's traceparent decides for its own requests. An unsampled request keeps its
    /// trace context, so its Kafka message still carries a traceparent (flagged not sampled) and
    /// the Worker, whose sampler follows the parent, leaves that apply unrecorded too.
    /// </remarks>
    public static IHostApplicationBuilder AddIngestTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IngestMetrics>();
        builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddMeter(IngestMetrics.MeterName));
        if (string.IsNullOrWhiteSpace(builder.Configuration[SamplerVariable]))
        {
            builder.Services.ConfigureOpenTelemetryTracerProvider(tracing =>
                tracing.SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(DefaultTraceRatio))));
        }

        return builder;
    }
}
