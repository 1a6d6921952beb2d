using KafkaRooms.Ingest.Callbacks;
using KafkaRooms.Ingest.Publishing;
using KafkaRooms.Ingest.Reading;
using KafkaRooms.Ingest.Telemetry;

namespace KafkaRooms.Ingest;

/// <summary>Everything Ingest registers and maps; Program.cs and the integration tests share it.</summary>
public static class IngestApplication
{
    public const string DefaultUrl = "http://127.0.0.1:8080";

    public static WebApplicationBuilder AddIngest(this WebApplicationBuilder builder)
    {
        // ASPNETCORE_URLS, --urls or "urls" in configuration win over the default.
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, IngestJsonContext.Default));
        builder.AddIngestTelemetry();
        builder.AddZegoCallbacks();
        builder.AddCallbackPublisher();
        builder.AddReadApi();
        return builder;
    }

    public static WebApplication MapIngest(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapZegoCallbacks();
        app.MapReadApi();
        app.MapHealthEndpoints();
        app.MapIngestMetrics();
        return app;
    }
}
