namespace KafkaRooms.Admin.Audit;

/// <summary>
/// One way the live state differs from the replay of the log (docs/operations.md, "Audit"):
/// <paramref name="Live"/> and <paramref name="Replay"/> describe each side.
/// </summary>
internal sealed record StateDifference(string Kind, uint AppId, string RoomId, string? UserAccount, string Live, string Replay)
{
    /// <summary>The replay has the room open; the live state does not.</summary>
    public const string RoomMissing = "room_missing";

    /// <summary>The live state has the room open; the replay does not.</summary>
    public const string RoomExtra = "room_extra";

    /// <summary>Both have the room open, in different lifecycles.</summary>
    public const string RoomSession = "room_session";

    /// <summary>Same lifecycle, another create time or creator.</summary>
    public const string RoomDetails = "room_details";

    /// <summary>Online in the replay, not live.</summary>
    public const string UserMissing = "user_missing";

    /// <summary>Online live, not in the replay.</summary>
    public const string UserExtra = "user_extra";

    /// <summary>Online on both sides with another nickname, role or login time.</summary>
    public const string UserDetails = "user_details";

    public override string ToString() =>
        $"{Kind,-13} app {AppId} room \"{RoomId}\"{(UserAccount is null ? "" : $" user \"{UserAccount}\"")}: live {Live}; replay {Replay}";
}
