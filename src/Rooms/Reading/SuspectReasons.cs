namespace KafkaRooms.Rooms.Reading;

/// <summary>Why a room is suspect (docs/rules.md §8); <see cref="None"/> when it is not.</summary>
[Flags]
public enum SuspectReasons
{
    None = 0,

    /// <summary>Open with no online user for longer than <see cref="SuspicionOptions.EmptyFor"/>.</summary>
    Empty = 1,

    /// <summary>No event for longer than <see cref="SuspicionOptions.SilentFor"/>.</summary>
    Silent = 2,

    /// <summary>Users of a newer lifecycle waiting for its create for longer than <see cref="SuspicionOptions.PendingFor"/>.</summary>
    PendingUsers = 4,
}

/// <summary>The reasons' wire names, in the read API's JSON and the suspicion gauge's <c>reason</c> label.</summary>
public static class SuspectReasonNames
{
    public const string Empty = "empty";
    public const string Silent = "silent";
    public const string PendingUsers = "pending_users";

    /// <summary>Every single reason, in wire order.</summary>
    public static IReadOnlyList<SuspectReasons> All { get; } = [SuspectReasons.Empty, SuspectReasons.Silent, SuspectReasons.PendingUsers];

    public static string ToWireName(this SuspectReasons reason) => reason switch
    {
        SuspectReasons.Empty => Empty,
        SuspectReasons.Silent => Silent,
        SuspectReasons.PendingUsers => PendingUsers,
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "not a single reason"),
    };

    /// <summary>The wire names of the reasons set in <paramref name="reasons"/>, in wire order.</summary>
    public static IReadOnlyList<string> ToWireNames(this SuspectReasons reasons) =>
        All.Where(reason => reasons.HasFlag(reason)).Select(ToWireName).ToList();
}
