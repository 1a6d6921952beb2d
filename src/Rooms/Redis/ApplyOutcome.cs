namespace KafkaRooms.Rooms.Redis;

/// <summary>What applying one event did (RULES.md section 5).</summary>
public enum ApplyOutcome
{
    Applied,
    Duplicate,
    Stale,
    Expired,
}
