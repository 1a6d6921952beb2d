namespace KafkaRooms.Rooms.Reading;

/// <summary>
/// When an open room is suspect (configuration section "Suspicion"; docs/rules.md §8): a callback
/// that would have changed it was probably lost. Every reader that judges rooms (the read API, the
/// Worker's suspicion gauge and reconciler) uses the same thresholds.
/// </summary>
public sealed class SuspicionOptions
{
    public const string SectionName = "Suspicion";

    /// <summary>
    /// X: open with no online user for longer than this. ZEGO closes a room its last user left,
    /// so such a room's close (or a user's login) was probably lost.
    /// </summary>
    public TimeSpan EmptyFor { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Y: no applied event of the open lifecycle for longer than this.</summary>
    public TimeSpan SilentFor { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Z: users of a newer lifecycle of the room have been waiting for its create for longer than
    /// this (the open lifecycle's close and the newer create were probably lost).
    /// </summary>
    public TimeSpan PendingFor { get; set; } = TimeSpan.FromMinutes(5);
}
