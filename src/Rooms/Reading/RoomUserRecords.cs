using System.Globalization;
using System.Text;
using StackExchange.Redis;

namespace KafkaRooms.Rooms.Reading;

/// <summary>
/// Parses a lifecycle's user hash (docs/redis-schema.md): field = user_account, value = one
/// line per user session, "&lt;user session&gt;\t&lt;time&gt;\t0\t&lt;role&gt;\t&lt;nickname&gt;" while logged in or
/// "&lt;user session&gt;\t&lt;time&gt;\t1" once logged out; field "" counts the online users.
/// </summary>
internal static class RoomUserRecords
{
    public const string OnlineCountField = "";

    /// <summary>Online users, each with their latest online user session's details, by user account.</summary>
    public static List<RoomUserView> OnlineUsers(RedisResult[] hashFieldsAndValues)
    {
        var users = new List<RoomUserView>();
        foreach (var (account, sessions) in Accounts(hashFieldsAndValues))
        {
            if (Latest(sessions) is { } latest)
            {
                users.Add(new RoomUserView(account, latest.Nickname, latest.Role, latest.LoginTimeMs));
            }
        }

        users.Sort((a, b) => string.CompareOrdinal(a.UserAccount, b.UserAccount));
        return users;
    }

    /// <summary>Every online user session, ordered by user account, then user session (ordinal).</summary>
    public static List<RoomUserSessionView> OnlineSessions(RedisResult[] hashFieldsAndValues)
    {
        var sessions = Accounts(hashFieldsAndValues).SelectMany(account => account.Sessions).ToList();
        sessions.Sort((a, b) => string.CompareOrdinal(a.UserAccount, b.UserAccount) is var byAccount and not 0
            ? byAccount
            : string.CompareOrdinal(a.UserSession, b.UserSession));
        return sessions;
    }

    private static IEnumerable<(string Account, List<RoomUserSessionView> Sessions)> Accounts(RedisResult[] hashFieldsAndValues)
    {
        for (var i = 0; i + 1 < hashFieldsAndValues.Length; i += 2)
        {
            var account = (string)hashFieldsAndValues[i]!;
            if (account.Length != 0)
            {
                yield return (account, OnlineLines(account, (string)hashFieldsAndValues[i + 1]!));
            }
        }
    }

    private static List<RoomUserSessionView> OnlineLines(string account, string value)
    {
        var online = new List<RoomUserSessionView>();
        foreach (var line in value.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split('\t', 5);
            if (parts.Length == 5 && parts[2] == "0")
            {
                online.Add(new RoomUserSessionView(account, parts[0], long.Parse(parts[1], CultureInfo.InvariantCulture), parts[3], parts[4]));
            }
        }

        return online;
    }

    // The listed details: the online session with the latest login; a tie goes to the greater user
    // session id compared as UTF-8 bytes (docs/rules.md §3).
    private static RoomUserSessionView? Latest(List<RoomUserSessionView> sessions)
    {
        RoomUserSessionView? latest = null;
        foreach (var session in sessions)
        {
            if (latest is null || session.LoginTimeMs > latest.LoginTimeMs
                || (session.LoginTimeMs == latest.LoginTimeMs && CompareUtf8(session.UserSession, latest.UserSession) > 0))
            {
                latest = session;
            }
        }

        return latest;
    }

    private static int CompareUtf8(string a, string b) =>
        Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b));
}
