using KafkaRooms.Rooms.Redis;
using StackExchange.Redis;

namespace KafkaRooms.Rooms.Reading;

/// <summary>
/// A part of one bucket's open rooms, re-read in one script (read_rooms.lua) with their online
/// counts, last event times, pending index entries and the bucket's change-feed position, all of
/// the same instant. Rooms with pending entries (rare) get them checked in a second script.
/// </summary>
internal sealed record BucketRoomsRead(StreamEntryId FeedPosition, List<RoomSummaryView> Rooms)
{
    // A room opening in the part between two calls sends the script round again; each call
    // declares the rooms the previous one saw, so it settles unless rooms open there continuously.
    private const int MaxAttempts = 8;

    /// <param name="after">The part starts after this room (null: at the bucket's start).</param>
    /// <param name="candidates">The rooms the caller expects in the part (their user keys are declared).</param>
    public static async Task<BucketRoomsRead> ReadAsync(IDatabaseAsync db, BucketKeys bucket, string? after, int limit, IReadOnlyList<string> candidates)
    {
        // After the last room's member, whose lex range ends before "<room>\n".
        var min = after is null ? "-" : "[" + after + "\n";
        for (var attempt = 1; ; attempt++)
        {
            RedisKey[] keys = [bucket.Rooms, bucket.Activity, bucket.Changes, bucket.PendingLifecycles, .. candidates.Select(bucket.Users)];
            RedisValue[] values = [min, limit, .. candidates.Select(room => (RedisValue)room)];
            var found = (RedisResult[])(await db.ScriptEvaluateAsync(RoomScripts.ReadRoomsOfBucket, keys, values).ConfigureAwait(false))!;
            if ((long)found[0] == 1)
            {
                var pendingMembers = new List<RedisValue>();
                for (var i = 5; i < found.Length; i += 4)
                {
                    pendingMembers.AddRange(RoomReader.PendingMembers(found[i]));
                }

                List<PendingLifecycleView> pending = pendingMembers.Count == 0 ? [] : await RoomReader.ReadPendingAsync(db, bucket, pendingMembers).ConfigureAwait(false);
                var rooms = new List<RoomSummaryView>((found.Length - 2) / 4);
                for (var i = 2; i + 3 < found.Length; i += 4)
                {
                    rooms.Add(new RoomReader.RoomRead((string)found[i]!, [], found[i + 2], pending).Summary((long)found[i + 1]));
                }

                return new BucketRoomsRead(StreamEntryId.Parse((string)found[1]!), rooms);
            }

            if (attempt == MaxAttempts)
            {
                throw new TimeoutException($"rooms kept opening in bucket {bucket.Rooms} while it was read; retry");
            }

            candidates = found.Skip(1).Select(member => RoomReader.RoomIdOf((string)member!)).ToArray();
        }
    }
}
