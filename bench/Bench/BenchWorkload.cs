using KafkaRooms.RoomHistories;
using KafkaRooms.Rooms.Contract;

namespace KafkaRooms.Bench;

/// <summary>
/// The realistic mix every throughput figure uses: valid histories (creates, closes, logins,
/// logouts) over many rooms, shuffled, with about 10 % duplicates.
/// </summary>
internal static class BenchWorkload
{
    public static List<RoomEvent> Generate(int rooms, int targetEvents, int seed)
    {
        var random = new Random(seed);
        // Times end well in the past (nothing is in the future) and well within the retention.
        var history = RoomHistoryGenerator.Generate(random, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 600_000,
            new HistorySizes(Apps: 1, RoomsPerApp: rooms, MaxLifecyclesPerRoom: 3, MaxUsersPerLifecycle: 4));
        var delivery = history.Delivery(random, duplicateRate: 0.1);
        // Rooms are generated whole; cut the shuffled delivery to the size asked for.
        return delivery.Count > targetEvents ? delivery.GetRange(0, targetEvents) : delivery;
    }

    public static string Describe(IReadOnlyCollection<RoomEvent> events) =>
        string.Join(", ", events.GroupBy(e => e.Kind).OrderBy(g => g.Key).Select(g => $"{g.Key} {100.0 * g.Count() / events.Count:F0} %"));
}
