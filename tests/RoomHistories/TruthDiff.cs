namespace KafkaRooms.RoomHistories;

/// <summary>Readable differences between two room states; empty when they are equal.</summary>
public static class TruthDiff
{
    public static List<string> Compare(
        IReadOnlyDictionary<RoomKey, RoomTruth> expected, IReadOnlyDictionary<RoomKey, RoomTruth> actual, int maxDifferences = 20)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        var differences = new List<string>();
        foreach (var (key, want) in expected)
        {
            if (!actual.TryGetValue(key, out var got))
            {
                differences.Add($"{key}: missing, expected open with session {want.RoomSession}");
                continue;
            }

            if (got.RoomSession != want.RoomSession || got.CreateTimeMs != want.CreateTimeMs || got.Creator != want.Creator)
            {
                differences.Add($"{key}: room ({got.RoomSession}, {got.CreateTimeMs}, {got.Creator}) != expected ({want.RoomSession}, {want.CreateTimeMs}, {want.Creator})");
            }

            foreach (var (account, user) in want.OnlineUsers)
            {
                if (!got.OnlineUsers.TryGetValue(account, out var gotUser))
                {
                    differences.Add($"{key}: user {account} missing");
                }
                else if (gotUser != user)
                {
                    differences.Add($"{key}: user {gotUser} != expected {user}");
                }
            }

            foreach (var account in got.OnlineUsers.Keys.Where(a => !want.OnlineUsers.ContainsKey(a)))
            {
                differences.Add($"{key}: unexpected user {account}");
            }
        }

        foreach (var key in actual.Keys.Where(k => !expected.ContainsKey(k)))
        {
            differences.Add($"{key}: unexpected open room with session {actual[key].RoomSession}");
        }

        return differences.Count > maxDifferences ? differences[..maxDifferences] : differences;
    }
}
