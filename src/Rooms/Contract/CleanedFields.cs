namespace KafkaRooms.Rooms.Contract;

/// <summary>Which informational fields of one event were cleaned (docs/rules.md §4).</summary>
[Flags]
public enum CleanedFields
{
    None = 0,
    Creator = 1,
    Nickname = 2,
    Role = 4,
    Reason = 8,

    /// <summary>
    /// Typed in the contract, so only a wire mapping cleans it: Ingest leaves out a close_reason
    /// that is not a uint32 instead of refusing the event.
    /// </summary>
    CloseReason = 16,
}

public static class CleanedFieldsExtensions
{
    private static readonly (CleanedFields Flag, string Field)[] Names =
    [
        (CleanedFields.Creator, RoomEventFields.Creator),
        (CleanedFields.Nickname, RoomEventFields.Nickname),
        (CleanedFields.Role, RoomEventFields.Role),
        (CleanedFields.Reason, RoomEventFields.Reason),
        (CleanedFields.CloseReason, RoomEventFields.CloseReason),
    ];

    /// <summary>The contract names of the cleaned fields (metric tags, log text).</summary>
    public static IEnumerable<string> FieldNames(this CleanedFields cleaned)
    {
        foreach (var (flag, field) in Names)
        {
            if (cleaned.HasFlag(flag))
            {
                yield return field;
            }
        }
    }
}
