using KafkaRooms.Rooms.Reading;

namespace KafkaRooms.Rooms.IntegrationTests;

/// <summary>Reading a subscription until it has every change Redis holds now.</summary>
public static class FeedEnds
{
    /// <summary>Each bucket's last change id now (0-0 where it has none).</summary>
    internal static async Task<StreamEntryId[]> OfAsync(StateHarness h, uint app)
    {
        var ends = new StreamEntryId[h.Options.BucketCount];
        for (var bucket = 0; bucket < ends.Length; bucket++)
        {
            var key = h.Keys.Changes(app, bucket);
            ends[bucket] = await h.Db.KeyExistsAsync(key)
                ? StreamEntryId.Parse((string)(await h.Db.StreamInfoAsync(key)).LastGeneratedId!)
                : StreamEntryId.Zero;
        }

        return ends;
    }

    internal static bool Covers(string cursor, StreamEntryId[] ends)
    {
        Assert.True(ChangeCursor.TryParse(cursor, out var parsed), $"unreadable cursor {cursor}");
        return parsed!.Positions.Zip(ends).All(pair => pair.First >= pair.Second);
    }

    /// <summary>The changes after the subscription's position until it reaches <paramref name="ends"/>; fails after a minute.</summary>
    internal static async Task<List<RoomChange>> ReadUntilAsync(IAsyncEnumerator<RoomChange> changes, string lastCursor, StreamEntryId[] ends)
    {
        var read = new List<RoomChange>();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (!Covers(lastCursor, ends))
        {
            var next = changes.MoveNextAsync().AsTask();
            var remaining = deadline - DateTime.UtcNow;
            Assert.True(remaining > TimeSpan.Zero && await Task.WhenAny(next, Task.Delay(remaining)) == next,
                $"the feed did not reach the end in a minute; {read.Count} changes read, at {lastCursor}");
            Assert.True(await next, "the feed ended");
            read.Add(changes.Current);
            lastCursor = changes.Current.Cursor;
        }

        return read;
    }
}
