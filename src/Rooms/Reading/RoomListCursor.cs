using System.Globalization;

namespace KafkaRooms.Rooms.Reading;

/// <summary>
/// Where a walk of the room list goes on: <c>&lt;bucket&gt;:&lt;feed positions&gt;:&lt;last room id&gt;</c>. The
/// positions are those of buckets 0 .. bucket, read with their rooms (a <see cref="ChangeCursor"/>
/// of bucket + 1 buckets), so the last page can return the feed cursor of the whole list.
/// </summary>
internal sealed record RoomListCursor(int Bucket, List<StreamEntryId> Positions, string? After)
{
    public static RoomListCursor Start => new(0, [], null);

    public string Format(uint appId)
    {
        var positions = ChangeCursor.Format(appId, Positions.ToArray());
        return string.Create(CultureInfo.InvariantCulture, $"{Bucket}:{positions}:{After}");
    }

    /// <summary>The cursor, or an <see cref="ArgumentException"/> for text that is not one of this app and bucket count.</summary>
    public static RoomListCursor Parse(string? text, uint appId, int bucketCount)
    {
        if (string.IsNullOrEmpty(text))
        {
            return Start;
        }

        var first = text.IndexOf(':', StringComparison.Ordinal);
        var second = first < 0 ? -1 : text.IndexOf(':', first + 1);
        if (second < 0
            || !int.TryParse(text.AsSpan(0, first), NumberStyles.None, CultureInfo.InvariantCulture, out var bucket)
            || bucket >= bucketCount
            || !ChangeCursor.TryParse(text[(first + 1)..second], out var positions)
            || positions!.AppId != appId
            || positions.Positions.Length != bucket + 1)
        {
            throw new ArgumentException($"'{text}' is not a room list cursor of app {appId}.", "cursor");
        }

        var after = text[(second + 1)..];
        return new RoomListCursor(bucket, [.. positions.Positions], after.Length == 0 ? null : after);
    }
}
