using KafkaRooms.ReadApi.Rooms;
using KafkaRooms.Rooms.Reading;

namespace KafkaRooms.ReadApi.Changes;

/// <summary>
/// Where GET /v1/apps/{appid}/changes starts (docs/read-api.md): the Last-Event-ID header (what
/// an EventSource sends when it reconnects, so it wins over the URL it reconnects to), else
/// <c>?cursor=</c>, else <c>?from=earliest</c>, else now. <see cref="Field"/> names where the
/// cursor came from, for a 400 or 410 about it.
/// </summary>
internal sealed record ChangeFeedQuery(ChangeFeedStart Start, string Field)
{
    public const string LastEventIdHeader = "Last-Event-ID";
    public const string CursorName = "cursor";
    public const string FromName = "from";
    public const string Earliest = "earliest";

    public static (ChangeFeedQuery? Query, ParameterFault? Fault) Parse(HttpRequest request)
    {
        var lastEventIds = request.Headers[LastEventIdHeader];
        var cursors = request.Query[CursorName];
        var froms = request.Query[FromName];
        if (lastEventIds.Count > 1)
        {
            return (null, new ParameterFault(LastEventIdHeader, "must be given at most once"));
        }

        if (cursors.Count > 1 || froms.Count > 1)
        {
            return (null, new ParameterFault(cursors.Count > 1 ? CursorName : FromName, "must be given at most once"));
        }

        var from = froms.Count == 1 ? froms[0] ?? "" : null;
        if (from is not null and not Earliest)
        {
            return (null, new ParameterFault(FromName, $"must be '{Earliest}' (or absent: the feed starts now)"));
        }

        if (lastEventIds.Count == 1 && !string.IsNullOrEmpty(lastEventIds[0]))
        {
            return (new ChangeFeedQuery(ChangeFeedStart.After(lastEventIds[0]!), LastEventIdHeader), null);
        }

        var cursor = cursors.Count == 1 ? cursors[0] ?? "" : null;
        if (cursor is not null && from is not null)
        {
            return (null, new ParameterFault(FromName, $"cannot be combined with {CursorName}: the cursor says where to start"));
        }

        if (cursor is { Length: 0 })
        {
            return (null, new ParameterFault(CursorName, "must not be empty (leave it out to start now)"));
        }

        return cursor is not null
            ? (new ChangeFeedQuery(ChangeFeedStart.After(cursor), CursorName), null)
            : (new ChangeFeedQuery(from is null ? ChangeFeedStart.Now : ChangeFeedStart.FromEarliest, CursorName), null);
    }
}
