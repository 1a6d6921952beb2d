namespace KafkaRooms.RoomHistories;

/// <summary>
/// What a reader must see for one open room (docs/rules.md §6): its open lifecycle and the
/// users online in it, keyed by user_account.
/// </summary>
public sealed record RoomTruth(
    ulong RoomSession,
    long CreateTimeMs,
    string Creator,
    IReadOnlyDictionary<string, UserTruth> OnlineUsers);

/// <summary>An online user as listed: the details of their latest online user session.</summary>
public sealed record UserTruth(string UserAccount, string Nickname, string Role, long LoginTimeMs);
