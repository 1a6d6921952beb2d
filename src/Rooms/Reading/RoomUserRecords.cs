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
        for (var i = 0; i + 1 < hashFieldsAndValues.Length; i += 2)
        {
            var account = (string)hashFieldsAndValues[i]!;
            if (account.Length == 0)
            {
                continue;
            }

            if (Latest((string)hashFieldsAndValues[i + 1]!) is { } latest)
            {
                users.Add(new RoomUserView(account, latest.Nickname, latest.Role, latest.LoginTimeMs));
            }
        }

        users.Sort((a, b) => string.CompareOrdinal(a.UserAccount, b.UserAccount));
        return users;
    }

    private static (string Nickname, string Role, long LoginTimeMs)? Latest(string value)
    {
        (string Nickname, string Role, long LoginTimeMs)? latest = null;
        string? latestSession = null;
        foreach (var line in value.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split('\t', 5);
            if (parts.Length < 5 || parts[2] != "0")
            {
                continue;
            }

            var login = long.Parse(parts[1], CultureInfo.InvariantCulture);
            if (latest is null || login > latest.Value.LoginTimeMs
                || (login == latest.Value.LoginTimeMs && CompareUtf8(parts[0], latestSession!) > 0))
            {
                latest = (parts[4], parts[3], login);
                latestSession = parts[0];
            }
        }

        return latest;
    }

    private static int CompareUtf8(string a, string b) =>
        Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b));
}
