using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace KafkaRooms.Ingest.Callbacks;

public static class ZegoCallbackExtensions
{
    /// <summary>Options (sections "Zego" and "Ingest"), signature check and the callback handler.</summary>
    public static IHostApplicationBuilder AddZegoCallbacks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ZegoOptions>()
            .Bind(builder.Configuration.GetSection(ZegoOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ZegoOptions>, ZegoOptionsValidator>();
        builder.AddIngestOptions();

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<CallbackAuthenticator>();
        builder.Services.AddSingleton<ZegoCallbackHandler>();
        builder.Services.AddHostedService<CallbackStartupReport>();
        return builder;
    }

    /// <summary>POST /zego/callback.</summary>
    public static IEndpointRouteBuilder MapZegoCallbacks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup("/zego")
            .MapPost("/callback", (HttpContext http, ZegoCallbackHandler handler) => handler.HandleAsync(http))
            .WithName("ZegoCallback");
        return endpoints;
    }

    /// <summary>Section "Ingest"; shared by the callback handler and the publisher, registered once.</summary>
    internal static IHostApplicationBuilder AddIngestOptions(this IHostApplicationBuilder builder)
    {
        if (builder.Services.Any(service => service.ServiceType == typeof(IngestOptionsMarker)))
        {
            return builder;
        }

        builder.Services.AddSingleton<IngestOptionsMarker>();
        builder.Services.AddOptions<IngestOptions>()
            .Bind(builder.Configuration.GetSection(IngestOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return builder;
    }

    private sealed class IngestOptionsMarker;
}
