using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using KafkaRooms.Rooms.Contract;

namespace KafkaRooms.Ingest.IntegrationTests.Mutation;

/// <summary>
/// What an accepted callback body says, read independently of Ingest's own parser: JSON through
/// System.Text.Json's JsonDocument, URL decoding through WebUtility, then the contract's cleaning
/// of informational fields. Used only for bodies Ingest answered 2xx; a body this reader cannot
/// read, or a field of a type the contract does not allow, fails the test.
/// </summary>
internal sealed class CallbackOracle
{
    private readonly Dictionary<string, (JsonValueKind Kind, string Value)> _fields = new(StringComparer.Ordinal);

    private CallbackOracle()
    {
    }

    public static CallbackOracle Read(byte[] body, bool asForm) => asForm ? ReadForm(body) : ReadJson(body);

    /// <summary>The event the body describes, or null when its event is not one of the four tracked ones.</summary>
    public RoomEvent? Expected()
    {
        var kind = Text("event") switch
        {
            "room_create" => RoomEventKind.RoomCreated,
            "room_close" => RoomEventKind.RoomClosed,
            "room_login" => RoomEventKind.UserLoggedIn,
            "room_logout" => RoomEventKind.UserLoggedOut,
            _ => (RoomEventKind?)null,
        };
        if (kind is not { } k)
        {
            return null;
        }

        var isRoom = k is RoomEventKind.RoomCreated or RoomEventKind.RoomClosed;
        var roomEvent = new RoomEvent
        {
            Kind = k,
            AppId = uint.Parse(Scalar("appid")!, NumberStyles.None, CultureInfo.InvariantCulture),
            RoomId = Text("room_id")!,
            RoomSession = ulong.Parse(Scalar(isRoom ? "room_session_id" : "room_seq")!, NumberStyles.None, CultureInfo.InvariantCulture),
            TimeMs = long.Parse(Scalar(k switch
            {
                RoomEventKind.RoomCreated => "room_create_time",
                RoomEventKind.RoomClosed => "room_close_time",
                RoomEventKind.UserLoggedIn => "login_time",
                _ => "logout_time",
            })!, NumberStyles.None, CultureInfo.InvariantCulture),
        };
        roomEvent = k switch
        {
            RoomEventKind.RoomCreated => roomEvent with { Creator = Scalar("id_name") },
            RoomEventKind.RoomClosed => roomEvent with
            {
                CloseReason = uint.TryParse(Scalar("close_reason"), NumberStyles.None, CultureInfo.InvariantCulture, out var reason) ? reason : null,
            },
            _ => roomEvent with
            {
                UserAccount = Text("user_account"),
                UserSession = Text("session_id"),
                Nickname = Scalar("user_nickname"),
                Role = Scalar("user_role"),
                Reason = k == RoomEventKind.UserLoggedOut ? Scalar("reason") : null,
            },
        };
        return InformationalFields.Clean(roomEvent);
    }

    /// <summary>A field the contract types as a string: it must be one.</summary>
    private string? Text(string name)
    {
        if (!_fields.TryGetValue(name, out var field))
        {
            return null;
        }

        Assert.True(field.Kind == JsonValueKind.String, $"accepted {name} of JSON kind {field.Kind}");
        return field.Value;
    }

    /// <summary>A field ZEGO sends as a number or a string: it must be one of the two.</summary>
    private string? Scalar(string name)
    {
        if (!_fields.TryGetValue(name, out var field))
        {
            return null;
        }

        Assert.True(field.Kind is JsonValueKind.String or JsonValueKind.Number, $"accepted {name} of JSON kind {field.Kind}");
        return field.Value;
    }

    private static CallbackOracle ReadJson(byte[] body)
    {
        var oracle = new CallbackOracle();
        // A UTF-8 byte order mark is tolerated (docs/ingest-api.md).
        var json = body.AsMemory(body.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0);
        using var document = JsonDocument.Parse(json);
        Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            var value = property.Value.ValueKind switch
            {
                JsonValueKind.String => Decode(Encoding.UTF8.GetBytes(property.Value.GetString()!)),
                JsonValueKind.Number => property.Value.GetRawText(),
                _ => "",
            };
            Assert.True(oracle._fields.TryAdd(property.Name, (property.Value.ValueKind, value)), $"accepted {property.Name} twice");
        }

        return oracle;
    }

    private static CallbackOracle ReadForm(byte[] body)
    {
        var oracle = new CallbackOracle();
        foreach (var pair in Encoding.Latin1.GetString(body).Split('&').Where(p => p.Length > 0))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Decode(Encoding.Latin1.GetBytes(equals < 0 ? pair : pair[..equals]));
            var value = Decode(Encoding.Latin1.GetBytes(equals < 0 ? "" : pair[(equals + 1)..]));
            Assert.True(oracle._fields.TryAdd(name, (JsonValueKind.String, value)), $"accepted {name} twice");
        }

        return oracle;
    }

    /// <summary>Form decoding of raw bytes, once; bytes that are not UTF-8 become U+FFFD.</summary>
    private static string Decode(byte[] encoded) =>
        Encoding.UTF8.GetString(WebUtility.UrlDecodeToBytes(encoded, 0, encoded.Length));
}
