using System.Text.Json.Serialization;

namespace KafkaRooms.Rooms.Contract;

/// <summary>The four callback kinds that change room state (docs/rules.md §1).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RoomEventKind>))]
public enum RoomEventKind
{
    [JsonStringEnumMemberName(RoomEventKindNames.RoomCreated)]
    RoomCreated,
    [JsonStringEnumMemberName(RoomEventKindNames.RoomClosed)]
    RoomClosed,
    [JsonStringEnumMemberName(RoomEventKindNames.UserLoggedIn)]
    UserLoggedIn,
    [JsonStringEnumMemberName(RoomEventKindNames.UserLoggedOut)]
    UserLoggedOut,
}

public static class RoomEventKindNames
{
    // Wire names, used in the JSON contract and in the Kafka "kind" header.
    public const string RoomCreated = "room_created";
    public const string RoomClosed = "room_closed";
    public const string UserLoggedIn = "user_logged_in";
    public const string UserLoggedOut = "user_logged_out";

    public static string ToWireName(this RoomEventKind kind) => kind switch
    {
        RoomEventKind.RoomCreated => RoomCreated,
        RoomEventKind.RoomClosed => RoomClosed,
        RoomEventKind.UserLoggedIn => UserLoggedIn,
        RoomEventKind.UserLoggedOut => UserLoggedOut,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Within one lifecycle (or user session) the ending event wins a time tie.</summary>
    public static int Rank(this RoomEventKind kind) =>
        kind is RoomEventKind.RoomClosed or RoomEventKind.UserLoggedOut ? 1 : 0;

    public static bool IsRoomEvent(this RoomEventKind kind) =>
        kind is RoomEventKind.RoomCreated or RoomEventKind.RoomClosed;
}
