using KafkaRooms.Rooms.Reading;
using KafkaRooms.Rooms.Redis;
using Microsoft.Extensions.Options;

namespace KafkaRooms.Worker.Reconciliation;

/// <summary>One walk of an app's state: every open room with its verdict, and the counts of the suspicion gauge.</summary>
internal sealed record CensusResult(
    IReadOnlyList<(string RoomId, SuspectReasons Reasons)> Rooms, IReadOnlyDictionary<SuspectReasons, long> Counts)
{
    public int Suspects => Rooms.Count(room => room.Reasons != SuspectReasons.None);
}

/// <summary>
/// Walks an app's open rooms bucket by bucket (no SCAN; docs/redis-schema.md) and judges each
/// (docs/rules.md §8), then its pending lifecycles: those waiting longer than Suspicion:PendingFor
/// for a create, unless the room already holds that lifecycle or a newer one, count as pending_users.
/// </summary>
internal sealed class SuspicionCensus(RoomReader reader, SuspicionRules rules, IOptions<RoomStateOptions> state)
{
    private const int PageSize = 500;

    public async Task<CensusResult> TakeAsync(uint appId, CancellationToken cancellationToken)
    {
        var nowMs = rules.NowMs;
        var rooms = new List<(string, SuspectReasons)>();
        var openSessions = new Dictionary<string, ulong>(StringComparer.Ordinal);
        var counts = SuspectReasonNames.All.ToDictionary(reason => reason, _ => 0L);
        await foreach (var room in reader.ListAllRoomsAsync(appId, PageSize, cancellationToken).ConfigureAwait(false))
        {
            var reasons = rules.Judge(room, nowMs);
            rooms.Add((room.RoomId, reasons));
            openSessions[room.RoomId] = room.RoomSession;
            foreach (var reason in new[] { SuspectReasons.Empty, SuspectReasons.Silent }.Where(r => reasons.HasFlag(r)))
            {
                counts[reason]++;
            }
        }

        for (var bucket = 0; bucket < state.Value.BucketCount; bucket++)
        {
            foreach (var lifecycle in await reader.ListPendingLifecyclesAsync(appId, bucket, cancellationToken).ConfigureAwait(false))
            {
                var held = openSessions.TryGetValue(lifecycle.RoomId, out var open) && open >= lifecycle.RoomSession;
                if (!held && rules.IsOverdue(lifecycle, nowMs))
                {
                    counts[SuspectReasons.PendingUsers]++;
                }
            }
        }

        return new CensusResult(rooms, counts);
    }
}
