namespace KafkaRooms.Rooms.Reading;

/// <summary>
/// Changes after the cursor are no longer in Redis: they were trimmed (the feed keeps about
/// <c>RoomState:ChangeFeedMaxLength</c> per bucket), or Redis lost them. Read the room list again
/// and continue from the changes cursor it returns (docs/change-feed.md, "Cursors").
/// </summary>
public sealed class ChangeCursorExpiredException : Exception
{
    public ChangeCursorExpiredException()
        : this("the changes after this cursor are no longer retained")
    {
    }

    public ChangeCursorExpiredException(string message)
        : base(message)
    {
    }

    public ChangeCursorExpiredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal static ChangeCursorExpiredException OfBucket(int bucket, StreamEntryId position, ChangeStreamRead read) =>
        new(position > read.LastGenerated
            ? $"bucket {bucket}'s feed ends at {read.LastGenerated}, before the cursor's {position}: Redis lost changes or the cursor is from another Redis"
            : $"bucket {bucket}'s feed no longer retains the changes after the cursor's {position} (trimmed; the oldest retained is {read.FirstRetained?.ToString() ?? "none"})");
}
