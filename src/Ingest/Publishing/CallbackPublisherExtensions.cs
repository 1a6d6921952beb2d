using KafkaRooms.Ingest.Callbacks;
using KafkaRooms.Rooms.Kafka;

namespace KafkaRooms.Ingest.Publishing;

public static class CallbackPublisherExtensions
{
    /// <summary>The environment variable that, when set, names the Kafka cluster (overrides Kafka:BootstrapServers).</summary>
    public const string BootstrapServersVariable = "KAFKA_BOOTSTRAP_SERVERS";

    /// <summary>Kafka options (section "Kafka"), the shared idempotent producer and the Kafka readiness check.</summary>
    public static IHostApplicationBuilder AddCallbackPublisher(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddOptions<KafkaOptions>()
            .Bind(configuration.GetSection(KafkaOptions.SectionName))
            .PostConfigure(options =>
            {
                // Environment variables are part of configuration, so tests can set it there too.
                if (configuration[BootstrapServersVariable] is { Length: > 0 } servers)
                {
                    options.BootstrapServers = servers;
                }
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.AddIngestOptions();

        builder.Services.AddSingleton<CallbackPublisher>();
        builder.Services.AddHostedService<CallbackPublisherStarter>();
        builder.Services.AddHealthChecks().AddCheck<KafkaReadinessCheck>("kafka", tags: [HealthEndpoints.ReadyTag]);
        return builder;
    }
}
