using System.Text.Json.Serialization;

namespace KafkaRooms.Rooms.Reading;

/// <summary>The HTTP read API's JSON (docs/ingest-api.md), for the server (Ingest) and its clients alike.</summary>
[JsonSerializable(typeof(RoomListResponse))]
[JsonSerializable(typeof(RoomResponse))]
public sealed partial class ReadApiJsonContext : JsonSerializerContext;
