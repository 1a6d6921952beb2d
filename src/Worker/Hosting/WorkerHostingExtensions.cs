using KafkaRooms.Rooms.Kafka;
using KafkaRooms.Rooms.Redis;
using KafkaRooms.Worker.Consuming;
using KafkaRooms.Worker.DeadLetters;
using KafkaRooms.Worker.Health;
using KafkaRooms.Worker.Telemetry;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace KafkaRooms.Worker.Hosting;

public static class WorkerHostingExtensions
{
    /// <summary>Environment variable that overrides Kafka:BootstrapServers.</summary>
    public const string BootstrapServersVariable = "KAFKA_BOOTSTRAP_SERVERS";

    /// <summary>Where /healthz, /readyz and /metrics are served unless urls are configured.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8081";

    /// <summary>
    /// The consumer that applies room events (expects the room store from <c>AddRoomState()</c>),
    /// its options (sections "Kafka" and "Worker", validated on start), health checks and metrics.
    /// </summary>
    public static IHostApplicationBuilder AddRoomEventWorker(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<KafkaOptions>()
            .Bind(builder.Configuration.GetSection(KafkaOptions.SectionName))
            .PostConfigure(options =>
            {
                if (builder.Configuration[BootstrapServersVariable] is { Length: > 0 } servers)
                {
                    options.BootstrapServers = servers;
                }
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<WorkerOptions>()
            .Bind(builder.Configuration.GetSection(WorkerOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<WorkerOptions>, WorkerOptionsValidator>();

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddMetrics();
        builder.Services.TryAddSingleton<IRoomEventSink>(sp => new RoomStoreSink(sp.GetRequiredService<RoomStore>));
        builder.Services.AddSingleton<WorkerMetrics>();
        builder.Services.AddSingleton<WorkerStatus>();
        builder.Services.AddSingleton<MessageDecoder>();
        builder.Services.AddSingleton<IDeadLetterPublisher, DeadLetterPublisher>();
        builder.Services.AddSingleton<BatchApplier>();
        builder.Services.AddSingleton<ConsumeLoop>();
        builder.Services.AddHostedService<RoomEventConsumerService>();

        builder.Services.AddHealthChecks()
            .AddCheck<ConsumerLivenessCheck>("consumer-loop", tags: ["live"])
            .AddCheck<ConsumerReadinessCheck>("consumer-applying", tags: ["ready"]);

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddMeter(WorkerMetrics.MeterName)
                .AddRuntimeInstrumentation()
                .AddAspNetCoreInstrumentation()
                .AddPrometheusExporter());

        // Give the loop time to finish its batch and commit before the host gives up on it.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(30));
        return builder;
    }

    /// <summary>/healthz (alive), /readyz (applying) and /metrics (Prometheus).</summary>
    public static WebApplication MapWorkerEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = check => check.Tags.Contains("live") });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
