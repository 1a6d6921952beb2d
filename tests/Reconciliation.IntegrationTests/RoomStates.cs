using KafkaRooms.RoomHistories;
using KafkaRooms.Rooms.Reading;

namespace KafkaRooms.Reconciliation.IntegrationTests;

/// <summary>Comparisons of room states in the terms reconciliation can restore: lifecycles and who is online.</summary>
internal static class RoomStates
{
    /// <summary>
    /// What ZEGO lists at the end of a history: the rooms of its truth that have users online, in
    /// login order (ZEGO closes a room its last user left, so an empty open room is a dead one).
    /// </summary>
    public static Dictionary<(uint App, string Room), (ulong Session, IReadOnlyList<UserTruth> Users)> ZegoView(RoomHistory history) =>
        history.Truth
            .Where(room => room.Value.OnlineUsers.Count > 0)
            .ToDictionary(
                room => (room.Key.AppId, room.Key.RoomId),
                room => (room.Value.RoomSession, (IReadOnlyList<UserTruth>)[.. room.Value.OnlineUsers.Values.OrderBy(u => u.LoginTimeMs)]));

    /// <summary>How <paramref name="actual"/> (open rooms, their lifecycle and online accounts) differs from <paramref name="expected"/>, one line each.</summary>
    public static List<string> Differences(
        IReadOnlyDictionary<(uint App, string Room), (ulong Session, IReadOnlyList<UserTruth> Users)> expected,
        IReadOnlyDictionary<(uint App, string Room), (ulong Session, IReadOnlyCollection<string> Accounts)> actual)
    {
        var differences = new List<string>();
        foreach (var (key, want) in expected)
        {
            if (!actual.TryGetValue(key, out var got))
            {
                differences.Add($"missing room {key}");
                continue;
            }

            if (got.Session != want.Session)
            {
                differences.Add($"wrong lifecycle {key}: {got.Session} instead of {want.Session}");
            }

            var wanted = want.Users.Select(u => u.UserAccount).ToHashSet(StringComparer.Ordinal);
            differences.AddRange(got.Accounts.Where(a => !wanted.Contains(a)).Select(a => $"ghost user {a} in {key}"));
            differences.AddRange(wanted.Where(a => !got.Accounts.Contains(a)).Select(a => $"missing user {a} in {key}"));
        }

        differences.AddRange(actual.Keys.Where(key => !expected.ContainsKey(key)).Select(key => $"dead room {key}"));
        return differences;
    }

    public static Dictionary<(uint App, string Room), (ulong Session, IReadOnlyCollection<string> Accounts)> Of(
        IReadOnlyDictionary<(uint App, string Room), RoomSessionsView> state) =>
        state.ToDictionary(
            room => room.Key,
            room => (room.Value.Room.RoomSession, (IReadOnlyCollection<string>)room.Value.OnlineSessions.Select(s => s.UserAccount).ToHashSet(StringComparer.Ordinal)));

    public static Dictionary<(uint App, string Room), (ulong Session, IReadOnlyCollection<string> Accounts)> Of(
        IReadOnlyDictionary<RoomKey, RoomTruth> model) =>
        model.ToDictionary(
            room => (room.Key.AppId, room.Key.RoomId),
            room => (room.Value.RoomSession, (IReadOnlyCollection<string>)room.Value.OnlineUsers.Keys.ToHashSet(StringComparer.Ordinal)));

    /// <summary>Everything a reader sees of a room, session by session, as one comparable line.</summary>
    public static string Describe(RoomSessionsView view) =>
        $"{view.Room} " + string.Join(" | ", view.OnlineSessions);
}
