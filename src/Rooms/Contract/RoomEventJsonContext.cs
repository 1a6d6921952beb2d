using System.Text.Json.Serialization;

namespace KafkaRooms.Rooms.Contract;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(RoomEvent))]
public sealed partial class RoomEventJsonContext : JsonSerializerContext;
