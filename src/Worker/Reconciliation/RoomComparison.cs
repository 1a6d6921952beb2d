using KafkaRooms.Rooms.Reading;

namespace KafkaRooms.Worker.Reconciliation;

/// <summary>
/// Compares a room's open lifecycle with ZEGO's user list. ZEGO knows neither room sessions nor
/// user sessions, so user accounts are compared within the lifecycle we hold (docs/rules.md §8).
/// </summary>
internal static class RoomComparison
{
    public static List<RoomDifference> Compare(RoomSessionsView state, IReadOnlyList<ListedUser> listed)
    {
        // An empty list is ZEGO's answer for a room that does not exist: its users went with it.
        if (listed.Count == 0)
        {
            return [RoomDifference.RoomGone];
        }

        var differences = new List<RoomDifference>();
        var listedIds = listed.Select(user => user.UserId).ToHashSet(StringComparer.Ordinal);
        var held = state.OnlineSessions.GroupBy(session => session.UserAccount, StringComparer.Ordinal).ToList();
        foreach (var user in held)
        {
            var sessions = user.ToList();
            if (!listedIds.Contains(user.Key))
            {
                differences.Add(new RoomDifference(DifferenceKind.UserGone, user.Key, sessions, null));
                continue;
            }

            var reconciled = sessions.Where(s => ReconcileUserSessions.IsReconcile(s.UserSession)).ToList();
            if (reconciled.Count > 0 && reconciled.Count < sessions.Count)
            {
                differences.Add(new RoomDifference(DifferenceKind.ReconcileSessionRedundant, user.Key, reconciled, null));
            }
        }

        var heldIds = held.Select(user => user.Key).ToHashSet(StringComparer.Ordinal);
        differences.AddRange(listed
            .Where(user => !heldIds.Contains(user.UserId))
            .Select(user => new RoomDifference(DifferenceKind.UserMissing, user.UserId, [], user)));
        return differences;
    }
}
