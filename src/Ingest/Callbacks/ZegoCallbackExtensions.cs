using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace KafkaRooms.Ingest.Callbacks;

public static class ZegoCallbackExtensions
{
    /// <summary>Options (section "Zego"), signature check and the callback handler.</summary>
    public static IHostApplicationBuilder AddZegoCallbacks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ZegoOptions>()
            .Bind(builder.Configuration.GetSection(ZegoOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ZegoOptions>, ZegoOptionsValidator>();

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<CallbackAuthenticator>();
        builder.Services.AddSingleton<CallbackMetrics>();
        builder.Services.AddSingleton<ZegoCallbackHandler>();
        builder.Services.AddHostedService<CallbackStartupReport>();
        return builder;
    }

    /// <summary>POST /zego/callback.</summary>
    public static IEndpointRouteBuilder MapZegoCallbacks(this IEndpointRouteBuilder endpoints)
    {
        // The handler is a singleton, taken once here rather than from each request's services:
        // an accepted callback then never creates a request service scope.
        var handler = endpoints.ServiceProvider.GetRequiredService<ZegoCallbackHandler>();
        endpoints.MapGroup("/zego")
            .MapPost("/callback", (Delegate)((HttpContext http) => handler.HandleAsync(http)))
            .WithName("ZegoCallback");
        return endpoints;
    }

    /// <summary>Section "Ingest"; shared by the callback handler and the publisher, registered once by AddIngest.</summary>
    internal static IHostApplicationBuilder AddIngestOptions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<IngestOptions>()
            .Bind(builder.Configuration.GetSection(IngestOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return builder;
    }
}
