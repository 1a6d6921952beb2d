using System.Globalization;

namespace KafkaRooms.ReadApi.Rooms;

/// <summary>
/// The query of GET /v1/apps/{appid}/rooms, parsed here rather than bound by minimal APIs so
/// every malformed value is a 400 naming the parameter, never a binding exception.
/// </summary>
internal sealed record RoomListQuery(int Limit, string? Cursor)
{
    public const string LimitName = "limit";
    public const string CursorName = "cursor";
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>The query, or the fault of the first parameter that is wrong. Unknown parameters are ignored.</summary>
    public static (RoomListQuery? Query, ParameterFault? Fault) Parse(IQueryCollection query)
    {
        var (limitText, limitFault) = Single(query, LimitName);
        var (cursor, cursorFault) = Single(query, CursorName);
        if ((limitFault ?? cursorFault) is { } repeated)
        {
            return (null, repeated);
        }

        var limit = DefaultLimit;
        if (limitText is not null
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            return (null, new ParameterFault(LimitName, $"must be a whole number from 1 to {MaxLimit}"));
        }

        // An empty cursor is the first page, as no cursor is.
        return (new RoomListQuery(limit, string.IsNullOrEmpty(cursor) ? null : cursor), null);
    }

    private static (string? Value, ParameterFault? Fault) Single(IQueryCollection query, string name)
    {
        var values = query[name];
        return values.Count switch
        {
            0 => (null, null),
            1 => (values[0] ?? "", null),
            // Which of two values a client meant is a guess; refuse instead.
            _ => (null, new ParameterFault(name, "must be given at most once")),
        };
    }
}
