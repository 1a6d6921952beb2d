namespace KafkaRooms.Rooms.Redis;

/// <summary>What applying one event did (docs/rules.md §5).</summary>
public enum ApplyOutcome
{
    Applied,
    Duplicate,
    Stale,
    Expired,
}
