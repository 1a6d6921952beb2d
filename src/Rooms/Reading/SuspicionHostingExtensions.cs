using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace KafkaRooms.Rooms.Reading;

public static class SuspicionHostingExtensions
{
    /// <summary>
    /// <see cref="SuspicionOptions"/> (section "Suspicion", validated at start) and
    /// <see cref="SuspicionRules"/>, with <see cref="TimeProvider.System"/> unless a clock is registered.
    /// </summary>
    public static IHostApplicationBuilder AddRoomSuspicion(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<SuspicionOptions>()
            .Bind(builder.Configuration.GetSection(SuspicionOptions.SectionName))
            .Validate(o => o.EmptyFor > TimeSpan.Zero, "Suspicion:EmptyFor must be positive.")
            .Validate(o => o.SilentFor > TimeSpan.Zero, "Suspicion:SilentFor must be positive.")
            .Validate(o => o.PendingFor > TimeSpan.Zero, "Suspicion:PendingFor must be positive.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<SuspicionRules>();
        return builder;
    }
}
