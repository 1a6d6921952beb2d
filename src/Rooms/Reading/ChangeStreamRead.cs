using KafkaRooms.Rooms.Redis;
using StackExchange.Redis;

namespace KafkaRooms.Rooms.Reading;

/// <summary>
/// One read of a bucket's change feed after a position (read_changes.lua): the entries and, from
/// the same instant, what the stream still retains.
/// </summary>
internal sealed record ChangeStreamRead(StreamEntryId LastGenerated, StreamEntryId? FirstRetained, long Removed, IReadOnlyList<FeedEntry> Entries)
{
    /// <summary>
    /// Whether every change after <paramref name="position"/> is still in the stream: the position is
    /// not beyond the stream's end (a Redis that lost writes, or another Redis), and nothing was
    /// trimmed, or the position is at or after the first retained entry. A position whose own entry
    /// was just trimmed counts as lost too, though the next entry may have survived: the stream
    /// cannot tell, and such a reader is a whole feed length behind anyway.
    /// </summary>
    public bool Retains(StreamEntryId position) =>
        position <= LastGenerated
        && (Removed == 0 || (FirstRetained is { } first ? position >= first : position == LastGenerated));

    public static async Task<ChangeStreamRead> ReadAsync(IDatabaseAsync db, int bucket, RedisKey changes, StreamEntryId after, StreamEntryId? until, int count)
    {
        var result = (RedisResult[])(await RoomScripts.ReadChanges.EvaluateAsync(db, new
        {
            changes,
            after = after.ToString(),
            until = until?.ToString() ?? "+",
            count,
        }).ConfigureAwait(false))!;
        var first = (string?)result[1];
        var entries = (RedisResult[])result[3]!;
        return new ChangeStreamRead(
            StreamEntryId.Parse((string)result[0]!),
            string.IsNullOrEmpty(first) ? null : StreamEntryId.Parse(first),
            (long)result[2],
            entries.Select(entry => FeedEntry.Parse(bucket, entry)).ToArray());
    }
}
