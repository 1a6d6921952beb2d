namespace KafkaRooms.Rooms.Reading;

/// <summary>Where a reader of the change feed starts (docs/change-feed.md).</summary>
public sealed class ChangeFeedStart
{
    private ChangeFeedStart(string? cursor, bool earliest)
    {
        Cursor = cursor;
        Earliest = earliest;
    }

    /// <summary>Changes from the moment the reader opens.</summary>
    public static ChangeFeedStart Now { get; } = new(null, false);

    /// <summary>The oldest change each bucket still retains, then everything after it.</summary>
    public static ChangeFeedStart FromEarliest { get; } = new(null, true);

    /// <summary>The changes after a cursor: a <see cref="RoomChange.Cursor"/>, a subscription's start cursor or a room list's changes cursor.</summary>
    public static ChangeFeedStart After(string cursor)
    {
        ArgumentException.ThrowIfNullOrEmpty(cursor);
        return new(cursor, false);
    }

    public string? Cursor { get; }

    public bool Earliest { get; }
}
