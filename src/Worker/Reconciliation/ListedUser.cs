namespace KafkaRooms.Worker.Reconciliation;

/// <summary>A user ZEGO lists in a room (UserId = user_account of the callbacks).</summary>
internal sealed record ListedUser(string UserId, string UserName, uint UserRole);

/// <summary>
/// A room's whole user list from ZEGO, or why there is none (<see cref="Outcome"/> not Ok).
/// <paramref name="ObservedMs"/>: when its first page was asked for, the observation's time.
/// </summary>
internal sealed record UserListAnswer(CallOutcome Outcome, IReadOnlyList<ListedUser> Users, string Detail, long ObservedMs)
{
    public static UserListAnswer Failed(CallOutcome outcome, string detail, long observedMs) => new(outcome, [], detail, observedMs);
}
