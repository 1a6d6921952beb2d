namespace KafkaRooms.Rooms.Redis.Checkpoints;

/// <summary>
/// A primary's checkpoints as read: its <paramref name="RunId"/> (changes at every restart) and
/// one offset per field asked for, in that order; null when absent or of another Kafka cluster.
/// </summary>
public sealed record CheckpointReading(string RunId, IReadOnlyList<long?> Offsets);

/// <summary>
/// The answer to a checkpoint write: the primary's <paramref name="RunId"/>, whether the offsets
/// were written, and each entry's offset before the call (null when absent or of another Kafka
/// cluster). Not written means the primary may have lost writes (docs/rules.md §7): its run id is
/// not the expected one, or a checkpoint is absent or below what the writer last saw.
/// </summary>
public sealed record CheckpointWriting(string RunId, bool Written, IReadOnlyList<long?> Previous);
