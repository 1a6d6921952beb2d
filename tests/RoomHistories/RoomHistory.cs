using KafkaRooms.Rooms.Contract;

namespace KafkaRooms.RoomHistories;

/// <summary>
/// A valid history of room callbacks (docs/rules.md §6) and the truth at its end.
/// </summary>
public sealed class RoomHistory
{
    public RoomHistory(List<RoomEvent> events, IReadOnlyDictionary<RoomKey, RoomTruth> truth, long startTimeMs, long endTimeMs)
    {
        Events = events;
        Truth = truth;
        StartTimeMs = startTimeMs;
        EndTimeMs = endTimeMs;
    }

    /// <summary>Every callback of the history, once each, in the order they happened per room.</summary>
    public List<RoomEvent> Events { get; }

    /// <summary>Every room whose last lifecycle is open, with the users online at the end.</summary>
    public IReadOnlyDictionary<RoomKey, RoomTruth> Truth { get; }

    /// <summary>The apps the history's rooms belong to.</summary>
    public IReadOnlyList<uint> AppIds => Events.Select(e => e.AppId).Distinct().Order().ToList();

    /// <summary>The earliest event time.</summary>
    public long StartTimeMs { get; }

    /// <summary>The latest event time; a clock at or after it accepts every event.</summary>
    public long EndTimeMs { get; }

    /// <summary>
    /// A random subset of the events (each kept with probability <paramref name="keepRate"/>), as
    /// when callbacks are lost; <see cref="RoomRulesModel.StateAfter"/> gives the state it must produce.
    /// </summary>
    public List<RoomEvent> Subset(Random random, double keepRate)
    {
        ArgumentNullException.ThrowIfNull(random);
        return Events.Where(_ => random.NextDouble() < keepRate).ToList();
    }

    /// <summary>
    /// All events in a random order, each repeated with probability <paramref name="duplicateRate"/>
    /// (the copy lands at a random position too), as an at-least-once transport delivers them.
    /// </summary>
    public List<RoomEvent> Delivery(Random random, double duplicateRate = 0.0)
    {
        ArgumentNullException.ThrowIfNull(random);
        var delivery = new List<RoomEvent>(Events.Count + (int)(Events.Count * duplicateRate) + 1);
        foreach (var roomEvent in Events)
        {
            delivery.Add(roomEvent);
            if (random.NextDouble() < duplicateRate)
            {
                delivery.Add(roomEvent);
            }
        }

        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(delivery));
        return delivery;
    }
}
