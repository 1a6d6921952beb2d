using KafkaRooms.Rooms;

namespace KafkaRooms.Ingest.Reading;

public static class ReadApiExtensions
{
    /// <summary>The room reader over Redis (section "RoomState") and the Redis readiness check.</summary>
    public static IHostApplicationBuilder AddReadApi(this IHostApplicationBuilder builder)
    {
        builder.AddRoomState();
        builder.Services.AddHealthChecks().AddCheck<RedisReadinessCheck>("redis", tags: [HealthEndpoints.ReadyTag]);
        return builder;
    }

    /// <summary>GET /v1/apps/{appid}/rooms and GET /v1/apps/{appid}/rooms/{room_id}.</summary>
    public static IEndpointRouteBuilder MapReadApi(this IEndpointRouteBuilder endpoints)
    {
        var rooms = endpoints.MapGroup("/v1/apps/{appid}/rooms");
        rooms.MapGet("", ReadApiEndpoints.ListRoomsAsync).WithName("ListRooms");
        rooms.MapGet("/{**roomId}", ReadApiEndpoints.GetRoomAsync).WithName("GetRoom");
        return endpoints;
    }
}
