using KafkaRooms.ReadApi.Rooms;
using KafkaRooms.Rooms;
using KafkaRooms.Rooms.Reading;
using KafkaRooms.ServiceDefaults;

namespace KafkaRooms.ReadApi;

/// <summary>Everything the read API registers and maps; Program.cs and the integration tests share it.</summary>
public static class ReadApiApplication
{
    public const string ServiceName = "kafkarooms-readapi";

    public const string DefaultUrl = "http://127.0.0.1:8082";

    /// <summary>The room reader over Redis (section "RoomState") and the suspect verdict (section "Suspicion"); ready while Redis answers.</summary>
    public static WebApplicationBuilder AddReadApi(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults(ServiceName, DefaultUrl);
        builder.AddRoomState();
        builder.AddRoomSuspicion();
        builder.Services.AddHealthChecks().AddCheck<RedisReadinessCheck>("redis", tags: [HealthTags.Ready]);
        return builder;
    }

    /// <summary>GET /v1/apps/{appid}/rooms and GET /v1/apps/{appid}/rooms/{room_id}, beside the default endpoints.</summary>
    public static WebApplication MapReadApi(this WebApplication app)
    {
        app.MapDefaultEndpoints();
        var rooms = app.MapGroup("/v1/apps/{appid}/rooms");
        rooms.MapGet("", RoomEndpoints.ListRoomsAsync).WithName("ListRooms");
        rooms.MapGet("/{**roomId}", RoomEndpoints.GetRoomAsync).WithName("GetRoom");
        return app;
    }
}
