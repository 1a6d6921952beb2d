using System.Collections.Frozen;
using System.Text;
using KafkaRooms.Rooms.Contract;

namespace KafkaRooms.Ingest.Callbacks;

/// <summary>
/// ZEGO's wire names of the callback fields Ingest reads, and their translation from the
/// contract's names (<see cref="RoomEventFields"/>), so a 400 names the field as ZEGO sent it.
/// </summary>
internal static class ZegoFieldNames
{
    public const string Event = "event";
    public const string AppId = "appid";
    public const string Timestamp = "timestamp";
    public const string Nonce = "nonce";
    public const string Signature = "signature";
    public const string RoomId = "room_id";
    public const string RoomSessionId = "room_session_id";
    public const string RoomSeq = "room_seq";
    public const string RoomCreateTime = "room_create_time";
    public const string RoomCloseTime = "room_close_time";
    public const string LoginTime = "login_time";
    public const string LogoutTime = "logout_time";
    public const string IdName = "id_name";
    public const string CloseReason = "close_reason";
    public const string UserAccount = "user_account";
    public const string SessionId = "session_id";
    public const string UserNickname = "user_nickname";
    public const string UserRole = "user_role";
    public const string Reason = "reason";

    /// <summary>
    /// Every field ZEGO documents for the four room callbacks, read or not (docs/ingest-api.md):
    /// the body parser recognises them from their bytes, so a usual callback allocates no names.
    /// </summary>
    public static readonly IReadOnlyList<string> Documented =
    [
        Event, AppId, Timestamp, Nonce, Signature, RoomId, RoomSessionId, RoomSeq, RoomCreateTime, RoomCloseTime,
        LoginTime, LogoutTime, IdName, CloseReason, UserAccount, SessionId, UserNickname, UserRole, Reason,
        "auth_level", "relogin", "user_update_seq", "room_name",
    ];

    private const int LongestDocumented = 32;

    private static readonly FrozenDictionary<string, int> DocumentedIndexes =
        Documented.Select((name, index) => KeyValuePair.Create(name, index)).ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> DocumentedByChars =
        DocumentedIndexes.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The index of a documented name in <see cref="Documented"/>, or null.</summary>
    public static int? DocumentedIndex(string name) => DocumentedIndexes.TryGetValue(name, out var index) ? index : null;

    /// <summary>The index of a documented name given as its raw UTF-8 bytes (no escapes), or null.</summary>
    public static int? DocumentedIndex(ReadOnlySpan<byte> utf8Name)
    {
        if (utf8Name.Length > LongestDocumented || !Ascii.IsValid(utf8Name))
        {
            return null;
        }

        Span<char> chars = stackalloc char[LongestDocumented];
        var length = Encoding.ASCII.GetChars(utf8Name, chars);
        return DocumentedByChars.TryGetValue(chars[..length], out var index) ? index : null;
    }

    /// <summary>The room lifecycle: room_session_id on room events, room_seq on user events.</summary>
    public static string Session(RoomEventKind kind) => kind.IsRoomEvent() ? RoomSessionId : RoomSeq;

    public static string Time(RoomEventKind kind) => kind switch
    {
        RoomEventKind.RoomCreated => RoomCreateTime,
        RoomEventKind.RoomClosed => RoomCloseTime,
        RoomEventKind.UserLoggedIn => LoginTime,
        _ => LogoutTime,
    };

    /// <summary>The wire name of a contract field in a callback of this kind.</summary>
    public static string Of(RoomEventKind kind, string contractField) => contractField switch
    {
        RoomEventFields.AppId => AppId,
        RoomEventFields.Kind => Event,
        RoomEventFields.RoomSession => Session(kind),
        RoomEventFields.TimeMs => Time(kind),
        RoomEventFields.UserSession => SessionId,
        RoomEventFields.Creator => IdName,
        RoomEventFields.Nickname => UserNickname,
        RoomEventFields.Role => UserRole,
        // room_id, user_account, close_reason and reason are spelled alike on both sides.
        _ => contractField,
    };
}
