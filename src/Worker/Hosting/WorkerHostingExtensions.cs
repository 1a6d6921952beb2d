using KafkaRooms.Rooms;
using KafkaRooms.Rooms.Kafka;
using KafkaRooms.Rooms.Redis;
using KafkaRooms.Rooms.Redis.Checkpoints;
using KafkaRooms.ServiceDefaults;
using KafkaRooms.Worker.Consuming;
using KafkaRooms.Worker.DeadLetters;
using KafkaRooms.Worker.Health;
using KafkaRooms.Worker.Reconciliation;
using KafkaRooms.Worker.Repair;
using KafkaRooms.Worker.Telemetry;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace KafkaRooms.Worker.Hosting;

public static class WorkerHostingExtensions
{
    public const string ServiceName = "kafkarooms-worker";

    /// <summary>Where /healthz, /readyz and /metrics are served unless urls are configured.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8081";

    /// <summary>The whole Worker: service defaults, the room state in Redis, the consumer that applies room events, and the suspicion census and reconciler (docs/reconciliation.md).</summary>
    public static IHostApplicationBuilder AddWorker(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDefaults(ServiceName, DefaultUrl);
        builder.AddRoomState();
        builder.AddRoomEventWorker();
        builder.AddReconciliation();
        return builder;
    }

    /// <summary>/healthz (alive), /readyz (applying) and /metrics (Prometheus): the service defaults' endpoints.</summary>
    public static WebApplication MapWorker(this WebApplication app) => app.MapDefaultEndpoints();

    /// <summary>
    /// The consumer that applies room events (expects the room store from <c>AddRoomState()</c>),
    /// its options (sections "Kafka" and "Worker", validated on start), health checks, and its
    /// meter and activity source for whatever OpenTelemetry the host sets up.
    /// </summary>
    public static IHostApplicationBuilder AddRoomEventWorker(this IHostApplicationBuilder builder)
    {
        builder.AddKafkaOptions();
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
        // The checkpoint store is resolved on first use, off the poll thread: connecting to Redis can take seconds.
        builder.Services.AddSingleton(sp => new CheckpointRounds(
            sp.GetRequiredService<CheckpointStore>, sp.GetRequiredService<IOptions<KafkaOptions>>().Value.CallbacksTopic));
        builder.Services.AddSingleton<ConsumeLoop>();
        builder.Services.AddHostedService<RoomEventConsumerService>();

        builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddMeter(WorkerMetrics.MeterName));
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddSource(BatchTracing.SourceName));
        builder.Services.AddHealthChecks()
            .AddCheck<ConsumerLivenessCheck>("consumer-loop", tags: [HealthTags.Live])
            .AddCheck<ConsumerReadinessCheck>("consumer-applying", tags: [HealthTags.Ready]);

        // Give the loop time to finish its batch and commit before the host gives up on it: the
        // drain and the consumer's close are each bounded by a setting, so the host waits for both.
        builder.Services.AddOptions<HostOptions>().Configure<IOptions<WorkerOptions>>((host, worker) =>
            host.ShutdownTimeout = worker.Value.HostShutdownTimeout);
        return builder;
    }
}
