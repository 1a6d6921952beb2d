using KafkaRooms.Ingest.Callbacks;
using KafkaRooms.Ingest.Publishing;
using KafkaRooms.Ingest.Telemetry;
using KafkaRooms.Rooms;
using KafkaRooms.ServiceDefaults;

namespace KafkaRooms.Ingest;

/// <summary>Everything Ingest registers and maps; Program.cs and the integration tests share it.</summary>
public static class IngestApplication
{
    public const string ServiceName = "kafkarooms-ingest";

    public const string DefaultUrl = "http://127.0.0.1:8080";

    /// <summary>
    /// The callback path and nothing else: it needs Kafka only, so its readiness is Kafka's
    /// (the read API is its own service, docs/architecture.md).
    /// </summary>
    public static WebApplicationBuilder AddIngest(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults(ServiceName, DefaultUrl);
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, IngestJsonContext.Default));
        builder.AddIngestOptions();
        // The clock skew bound is the store's (docs/ingest-api.md); Ingest never connects to Redis.
        builder.AddRoomStateOptions();
        builder.AddIngestTelemetry();
        builder.AddZegoCallbacks();
        builder.AddCallbackPublisher();
        return builder;
    }

    public static WebApplication MapIngest(this WebApplication app)
    {
        app.MapDefaultEndpoints();
        app.MapZegoCallbacks();
        return app;
    }
}
