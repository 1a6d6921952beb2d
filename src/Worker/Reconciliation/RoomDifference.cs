using KafkaRooms.Rooms.Reading;

namespace KafkaRooms.Worker.Reconciliation;

/// <summary>How a room in the state differs from what ZEGO lists (docs/rules.md §8).</summary>
internal enum DifferenceKind
{
    /// <summary>ZEGO lists nobody: the room is closed there. Corrected by RoomClosed.</summary>
    RoomGone,

    /// <summary>A user we list as online whom ZEGO does not list. Corrected by UserLoggedOut of each of their user sessions.</summary>
    UserGone,

    /// <summary>A user ZEGO lists whom we do not. Corrected by UserLoggedIn of a reconciliation user session.</summary>
    UserMissing,

    /// <summary>
    /// A listed user online through a reconciliation user session and a real one: the real login
    /// came after all. Corrected by UserLoggedOut of the reconciliation session, so the real logout
    /// will take the user out (the user stays listed meanwhile).
    /// </summary>
    ReconcileSessionRedundant,
}

/// <summary>
/// One difference. <paramref name="Sessions"/>: the online user sessions it ends (UserGone,
/// ReconcileSessionRedundant); <paramref name="Listed"/>: ZEGO's entry (UserMissing).
/// </summary>
internal sealed record RoomDifference(DifferenceKind Kind, string UserAccount, IReadOnlyList<RoomUserSessionView> Sessions, ListedUser? Listed)
{
    public static RoomDifference RoomGone { get; } = new(DifferenceKind.RoomGone, "", [], null);

    /// <summary>
    /// What two observations must both show to agree: the kind, the user and the user sessions. ZEGO's
    /// nickname of a missing user may change between them without undoing the agreement.
    /// </summary>
    public string Key => $"{Kind}\t{UserAccount}\t{string.Join('\n', Sessions.Select(s => s.UserSession))}";

    public override string ToString() => Kind switch
    {
        DifferenceKind.RoomGone => "ZEGO lists nobody",
        DifferenceKind.UserGone => $"user {UserAccount} not listed by ZEGO ({Sessions.Count} user session(s))",
        DifferenceKind.UserMissing => $"user {UserAccount} listed by ZEGO only",
        _ => $"user {UserAccount} online through a reconciliation session and a real one",
    };
}
