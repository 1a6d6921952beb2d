using KafkaRooms.Rooms.Reading;
using KafkaRooms.Rooms.Redis;
using KafkaRooms.Rooms.Redis.Checkpoints;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace KafkaRooms.Rooms;

public static class RoomStateHostingExtensions
{
    /// <summary>
    /// Registers the room state in Redis: <see cref="RoomStateOptions"/> (section "RoomState",
    /// validated at start), one shared <see cref="ConnectionMultiplexer"/>, <see cref="RoomStore"/>,
    /// <see cref="RoomReader"/>, <see cref="CheckpointStore"/> and <see cref="TimeProvider.System"/> unless a clock is registered.
    /// </summary>
    public static IHostApplicationBuilder AddRoomState(this IHostApplicationBuilder builder)
    {
        builder.AddRoomStateOptions();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<RoomStateOptions>>().Value;
            var configuration = ConfigurationOptions.Parse(options.Redis);
            // Keep retrying in the background instead of failing the host while Redis is down.
            configuration.AbortOnConnectFail = false;
            return ConnectionMultiplexer.Connect(configuration);
        });
        builder.Services.TryAddSingleton<IConnectionMultiplexer>(sp => sp.GetRequiredService<ConnectionMultiplexer>());
        builder.Services.TryAddSingleton<RoomStore>();
        builder.Services.TryAddSingleton<RoomReader>();
        builder.Services.TryAddSingleton<CheckpointStore>();
        return builder;
    }

    /// <summary>
    /// Only <see cref="RoomStateOptions"/> (section "RoomState", validated at start), for a
    /// service that shares the state's settings (the clock skew bound) but never talks to Redis.
    /// </summary>
    public static IHostApplicationBuilder AddRoomStateOptions(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<RoomStateOptions>()
            .Bind(builder.Configuration.GetSection(RoomStateOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.TombstoneRetention > TimeSpan.Zero, "RoomState:TombstoneRetention must be positive.")
            .Validate(o => o.MaxClockSkew > TimeSpan.Zero, "RoomState:MaxClockSkew must be positive.")
            .Validate(o => o.MaxEventAge is null || o.MaxEventAge > TimeSpan.Zero, "RoomState:MaxEventAge must be positive when set.")
            .ValidateOnStart();
        return builder;
    }
}
