namespace KafkaRooms.Rooms.Redis.Checkpoints;

/// <summary>
/// One partition's checkpoint to write: <paramref name="Offset"/>, below which every message of
/// the partition has been applied; <paramref name="Expected"/>, the offset the writer last saw
/// there (null: no expectation), so a checkpoint that went missing or back is noticed.
/// </summary>
public sealed record CheckpointEntry(string Field, long? Expected, long Offset);
