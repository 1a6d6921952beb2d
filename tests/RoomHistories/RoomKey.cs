namespace KafkaRooms.RoomHistories;

/// <summary>One room: rooms of different apps with the same room_id are different rooms.</summary>
public readonly record struct RoomKey(uint AppId, string RoomId);
