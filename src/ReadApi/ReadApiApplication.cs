using KafkaRooms.ReadApi.Changes;
using KafkaRooms.ReadApi.Rooms;
using KafkaRooms.Rooms;
using KafkaRooms.Rooms.Reading;
using KafkaRooms.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KafkaRooms.ReadApi;

/// <summary>Everything the read API registers and maps; Program.cs and the integration tests share it.</summary>
public static class ReadApiApplication
{
    public const string ServiceName = "kafkarooms-readapi";

    public const string DefaultUrl = "http://127.0.0.1:8082";

    /// <summary>
    /// The room reader and the change feed over Redis (section "RoomState"), the suspect verdict
    /// (section "Suspicion"), the API's own settings (section "ReadApi", validated at start); ready
    /// while Redis answers.
    /// </summary>
    public static WebApplicationBuilder AddReadApi(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults(ServiceName, DefaultUrl);
        builder.AddRoomState();
        builder.Services.AddOptions<ReadApiOptions>()
            .Bind(builder.Configuration.GetSection(ReadApiOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.FeedHeartbeat > TimeSpan.Zero && o.FeedHeartbeat <= TimeSpan.FromMinutes(5),
                "ReadApi:FeedHeartbeat must lie between 0 (exclusive) and 5 minutes.")
            .ValidateOnStart();
        // One change-feed reader per process: its subscriptions share the blocking reads.
        builder.Services.TryAddSingleton<ChangeFeedReader>();
        builder.Services.TryAddSingleton<FeedClientSlots>();
        builder.AddRoomSuspicion();
        builder.Services.AddHealthChecks().AddCheck<RedisReadinessCheck>("redis", tags: [HealthTags.Ready]);
        return builder;
    }

    /// <summary>
    /// GET /v1/apps/{appid}/rooms, /v1/apps/{appid}/rooms/{room_id} and /v1/apps/{appid}/changes
    /// (Server-Sent Events), beside the default endpoints.
    /// </summary>
    public static WebApplication MapReadApi(this WebApplication app)
    {
        app.MapDefaultEndpoints();
        // Before routing: Kestrel's routed path has no dot segments, so rooms "." and ".." need it.
        app.Use(RoomPath.RouteDotRoomIds);
        app.UseRouting();
        var rooms = app.MapGroup("/v1/apps/{appid}/rooms");
        rooms.MapGet("", RoomEndpoints.ListRoomsAsync).WithName("ListRooms");
        rooms.MapGet("/{**roomId}", RoomEndpoints.GetRoomAsync).WithName("GetRoom");
        app.MapGet("/v1/apps/{appid}/changes", ChangeEndpoints.StreamAsync).WithName("StreamChanges");
        return app;
    }
}
