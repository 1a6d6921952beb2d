using System.Globalization;
using System.Text;
using System.Text.Json;

namespace KafkaRooms.LoadGenerator;

/// <summary>
/// One change event of GET /v1/apps/{appid}/changes (docs/change-feed.md) as a line a person
/// reads: the change's own time (UTC), its kind, the room and lifecycle, then what the kind has.
/// </summary>
internal static class ChangeLine
{
    public static string Format(string kind, string data)
    {
        using var json = JsonDocument.Parse(data);
        var root = json.RootElement;
        var time = DateTimeOffset.FromUnixTimeMilliseconds(root.GetProperty("time").GetInt64());
        var line = new StringBuilder()
            .Append(time.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture))
            .Append("  ").Append(kind.PadRight(11))
            .Append("  room ").Append(root.GetProperty("room_id").GetString())
            .Append("  session ").Append(root.GetProperty("room_session_id").GetString());
        if (Text(root, "user_account") is { } user)
        {
            line.Append("  user ").Append(user);
        }

        if (Text(root, "nickname") is { Length: > 0 } nickname)
        {
            line.Append(" (").Append(nickname).Append(')');
        }

        if (Text(root, "creator") is { } creator)
        {
            line.Append("  creator ").Append(creator);
        }

        if (Text(root, "reason") is { } reason)
        {
            line.Append("  (").Append(reason).Append(')');
        }

        if (root.TryGetProperty("online_count", out var online))
        {
            line.Append("  online ").Append(online.GetInt64());
        }

        return line.ToString();
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) ? value.GetString() : null;
}
