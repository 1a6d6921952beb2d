using System.Text.Json.Serialization;

namespace KafkaRooms.Rooms.Contract;

/// <summary>
/// The project's event contract, version <see cref="CurrentVersion"/>: one normalised ZEGO
/// callback as Ingest publishes it and the Worker applies it. Serialised with
/// <see cref="RoomEventJsonContext"/>; session ids travel as decimal strings.
/// </summary>
public sealed record RoomEvent
{
    public const int CurrentVersion = 1;

    [JsonPropertyName(RoomEventFields.Version)]
    public int Version { get; init; } = CurrentVersion;

    [JsonPropertyName(RoomEventFields.Kind)]
    public required RoomEventKind Kind { get; init; }

    /// <summary>The ZEGO project (uint32). Rooms of different apps never mix.</summary>
    [JsonPropertyName(RoomEventFields.AppId)]
    public required uint AppId { get; init; }

    [JsonPropertyName(RoomEventFields.RoomId)]
    public required string RoomId { get; init; }

    /// <summary>
    /// The room lifecycle: room_session_id for room events, room_seq for user events.
    /// An unsigned 64-bit integer, written as a decimal string so no reader turns it into a double.
    /// </summary>
    [JsonPropertyName(RoomEventFields.RoomSession)]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)]
    public required ulong RoomSession { get; init; }

    /// <summary>When the event happened on ZEGO's side, Unix milliseconds.</summary>
    [JsonPropertyName(RoomEventFields.TimeMs)]
    public required long TimeMs { get; init; }

    /// <summary>RoomCreated: the creator's user id (id_name). Informational: cleaned, never refused (<see cref="InformationalFields"/>).</summary>
    [JsonPropertyName(RoomEventFields.Creator)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Creator { get; init; }

    /// <summary>RoomClosed: ZEGO's close_reason.</summary>
    [JsonPropertyName(RoomEventFields.CloseReason)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public uint? CloseReason { get; init; }

    /// <summary>User events: the user id.</summary>
    [JsonPropertyName(RoomEventFields.UserAccount)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? UserAccount { get; init; }

    /// <summary>User events: the user's own login session (ZEGO's session_id), kept as ZEGO sent it.</summary>
    [JsonPropertyName(RoomEventFields.UserSession)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? UserSession { get; init; }

    [JsonPropertyName(RoomEventFields.Nickname)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Nickname { get; init; }

    [JsonPropertyName(RoomEventFields.Role)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Role { get; init; }

    /// <summary>UserLoggedOut: ZEGO's reason.</summary>
    [JsonPropertyName(RoomEventFields.Reason)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; init; }

    /// <summary>
    /// When Ingest received the callback, Unix milliseconds; 0 when the producer did not say. Besides
    /// lag, it is what "too far in the future" is judged against (docs/rules.md §4), so an event
    /// Ingest accepted is not refused by a receiver whose clock runs behind Ingest's.
    /// </summary>
    [JsonPropertyName(RoomEventFields.ReceivedMs)]
    public long ReceivedMs { get; init; }

    /// <summary>The room session as the decimal string that Kafka, Redis and Lua carry.</summary>
    [JsonIgnore]
    public string RoomSessionText => RoomSession.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
