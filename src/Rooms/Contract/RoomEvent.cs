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

    [JsonPropertyName("v")]
    public int Version { get; init; } = CurrentVersion;

    [JsonPropertyName("kind")]
    public required RoomEventKind Kind { get; init; }

    /// <summary>The ZEGO project (uint32). Rooms of different apps never mix.</summary>
    [JsonPropertyName("app_id")]
    public required uint AppId { get; init; }

    [JsonPropertyName("room_id")]
    public required string RoomId { get; init; }

    /// <summary>
    /// The room lifecycle: room_session_id for room events, room_seq for user events.
    /// An unsigned 64-bit integer, written as a decimal string so no reader turns it into a double.
    /// </summary>
    [JsonPropertyName("room_session")]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)]
    public required ulong RoomSession { get; init; }

    /// <summary>When the event happened on ZEGO's side, Unix milliseconds.</summary>
    [JsonPropertyName("time_ms")]
    public required long TimeMs { get; init; }

    /// <summary>RoomCreated: the creator's user id (id_name).</summary>
    [JsonPropertyName("creator")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Creator { get; init; }

    /// <summary>RoomClosed: ZEGO's close_reason.</summary>
    [JsonPropertyName("close_reason")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public uint? CloseReason { get; init; }

    /// <summary>User events: the user id.</summary>
    [JsonPropertyName("user_account")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? UserAccount { get; init; }

    /// <summary>User events: the user's own login session (ZEGO's session_id), kept as ZEGO sent it.</summary>
    [JsonPropertyName("user_session")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? UserSession { get; init; }

    [JsonPropertyName("nickname")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Nickname { get; init; }

    [JsonPropertyName("role")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Role { get; init; }

    /// <summary>UserLoggedOut: ZEGO's reason.</summary>
    [JsonPropertyName("reason")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; init; }

    /// <summary>When Ingest received the callback, Unix milliseconds (diagnostics and lag only).</summary>
    [JsonPropertyName("received_ms")]
    public long ReceivedMs { get; init; }

    /// <summary>The room session as the decimal string that Kafka, Redis and Lua carry.</summary>
    [JsonIgnore]
    public string RoomSessionText => RoomSession.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
