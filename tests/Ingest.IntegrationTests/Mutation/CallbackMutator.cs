using System.Text;
using KafkaRooms.FakeZego;

namespace KafkaRooms.Ingest.IntegrationTests.Mutation;

/// <summary>
/// Turns a valid signed callback into a random variant: field values replaced by random tokens
/// of any JSON type, fields dropped, repeated or renamed, and bytes flipped, dropped or inserted.
/// ZEGO's signature covers only the secret, timestamp and nonce, so most variants stay signed.
/// </summary>
internal static class CallbackMutator
{
    private static readonly string[] Fields =
    [
        "event", "appid", "timestamp", "nonce", "signature", "room_id", "room_session_id", "room_seq", "room_create_time",
        "room_close_time", "login_time", "logout_time", "id_name", "close_reason", "user_account", "session_id",
        "user_nickname", "user_role", "reason", "room_name",
    ];

    private static readonly string[] Pieces =
    [
        "a", "Z", "0", "7", " ", "+", "%", "%2B", "%25", "%FF", "%00", "%09", "%E4%BD%A0", "%C0%AF", "你", "🎮", "\\\"", "\\\\",
        "\\u0001", "\\t", "\\n", "\\u00e9", "\\ud83c\\udfae", "{", "}", ":", ",",
    ];

    private static readonly string[] Tokens =
    [
        "true", "false", "null", "[]", "{}", "[1,\"a\"]", "{\"a\":1}", "0", "1", "-1", "1.5", "1e3", "01",
        "18446744073709551615", "18446744073709551616", "4294967295", "4294967296", "\"\"", "\"0\"", "\"room_create\"",
        "\"room_login\"", "\"room_logout\"", "\"room_close\"", "\"stream_create\"",
    ];

    private static readonly byte[] InterestingBytes = [.. "\"\\%+{}[],:=& 0aZ"u8, 0x00, 0x01, 0x09, 0x0A, 0x7F, 0x80, 0xC3, 0xE4, 0xFF];

    public static ZegoCallback Base(Random random, int kind)
    {
        var now = ZegoCallback.NowMs;
        var session = random.Next(3) switch { 0 => "0", 1 => "18446744073709551615", _ => $"{random.NextInt64(1, long.MaxValue)}" };
        var time = now - random.Next(1, 100_000);
        return kind switch
        {
            0 => IngestServer.Zego.RoomCreate($"room-{random.Next(100)}", session, time, $"creator {random.Next(10)}"),
            1 => IngestServer.Zego.RoomClose($"room-{random.Next(100)}", session, time, (uint)random.Next(3)),
            2 => IngestServer.Zego.Login($"room-{random.Next(100)}", session, $"u{random.Next(10)}", $"s{random.Next(10)}", time),
            _ => IngestServer.Zego.Logout($"room-{random.Next(100)}", session, $"u{random.Next(10)}", $"s{random.Next(10)}", time),
        };
    }

    /// <summary>Applies 1 to 3 structural changes to the signed callback, serialises it, then maybe changes bytes.</summary>
    public static byte[] Mutate(Random random, ZegoCallback signed, bool asForm)
    {
        var callback = signed;
        for (var i = random.Next(1, 4); i > 0; i--)
        {
            var field = Fields[random.Next(Fields.Length)];
            callback = random.Next(4) switch
            {
                0 => callback.Without(field),
                1 => callback.Raw(field, RandomToken(random)),
                2 => callback.Text(field, RandomText(random)),
                _ => callback.Raw(field + (random.Next(2) == 0 ? "_" : ""), RandomToken(random)),
            };
        }

        var text = asForm ? callback.ToForm() : callback.ToJson();
        if (!asForm && random.Next(4) == 0)
        {
            // A repeated member, which must be refused whatever its value.
            text = text.TrimEnd('}') + $",\"{Fields[random.Next(Fields.Length)]}\":{RandomToken(random)}}}";
        }

        var bytes = Encoding.UTF8.GetBytes(text).ToList();
        for (var i = random.Next(3) == 0 ? random.Next(1, 4) : 0; i > 0 && bytes.Count > 0; i--)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(3))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes.RemoveAt(at);
                    break;
                default:
                    bytes.Insert(at, InterestingBytes[random.Next(InterestingBytes.Length)]);
                    break;
            }
        }

        return [.. bytes];
    }

    /// <summary>A valid JSON token of any type.</summary>
    private static string RandomToken(Random random) => random.Next(3) switch
    {
        0 => Tokens[random.Next(Tokens.Length)],
        1 => $"{random.NextInt64(0, long.MaxValue)}",
        _ => "\"" + string.Concat(Enumerable.Range(0, random.Next(0, 12)).Select(_ => Pieces[random.Next(Pieces.Length)])) + "\"",
    };

    /// <summary>Text that ZegoCallback URL-encodes, so it reaches Ingest exactly as written here.</summary>
    private static string RandomText(Random random)
    {
        string[] characters = ["a", "Z", "0", " ", "+", "%", "你", "🎮", "\t", "\n", "\u0001", "\u007F", "\u0085", "é", "{", "}"];
        var length = random.Next(5) == 0 ? random.Next(100, 400) : random.Next(0, 12);
        return string.Concat(Enumerable.Range(0, length).Select(_ => characters[random.Next(characters.Length)]));
    }
}
