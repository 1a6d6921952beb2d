namespace KafkaRooms.RoomHistories;

/// <summary>How big a generated history is.</summary>
/// <param name="Apps">Distinct appids; the same room ids are reused across apps.</param>
/// <param name="RoomsPerApp">Rooms per app.</param>
/// <param name="MaxLifecyclesPerRoom">Each room gets 1..this many lifecycles.</param>
/// <param name="MaxUsersPerLifecycle">Each lifecycle gets 0..this many distinct user accounts.</param>
/// <param name="OpenAtEndRate">Chance that a room's last lifecycle is still open at the end.</param>
public sealed record HistorySizes(
    int Apps = 2,
    int RoomsPerApp = 20,
    int MaxLifecyclesPerRoom = 4,
    int MaxUsersPerLifecycle = 5,
    double OpenAtEndRate = 0.6)
{
    public static HistorySizes Small { get; } = new(Apps: 2, RoomsPerApp: 5, MaxLifecyclesPerRoom: 3, MaxUsersPerLifecycle: 3);
}
