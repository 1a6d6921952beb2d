using KafkaRooms.Rooms.Kafka;
using KafkaRooms.ServiceDefaults;

namespace KafkaRooms.Ingest.Publishing;

public static class CallbackPublisherExtensions
{
    /// <summary>
    /// Kafka options, the process's one idempotent producer and its readiness check. The
    /// publisher is also a hosted service, so the host builds it at start: a bad Kafka setting
    /// (e.g. an unknown Kafka:Client key) stops the process at once, naming it. Expects
    /// IngestOptions (AddIngest registers them).
    /// </summary>
    public static IHostApplicationBuilder AddCallbackPublisher(this IHostApplicationBuilder builder)
    {
        builder.AddKafkaOptions();
        builder.Services.AddSingleton<CallbackPublisher>();
        builder.Services.AddSingleton<IHostedService>(services => services.GetRequiredService<CallbackPublisher>());
        builder.Services.AddHealthChecks().AddCheck<KafkaReadinessCheck>("kafka", tags: [HealthTags.Ready]);
        return builder;
    }
}
