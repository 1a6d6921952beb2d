using KafkaRooms.FakeZego;
using KafkaRooms.Rooms.Zego;
using static KafkaRooms.Ingest.IntegrationTests.Hostile.HostileRequests;

namespace KafkaRooms.Ingest.IntegrationTests.Hostile;

internal static partial class HostileCorpus
{
    private static IEnumerable<HostileCase> Signatures() =>
    [
        Unauthorized("made with another secret", () => Create().Signed("not-the-secret")),
        Unauthorized("absent", () => Create()),
        Unauthorized("empty", () => Create().Signed().Text("signature", "")),
        Unauthorized("39 hex digits", () => WithSignature(s => s[..39])),
        Unauthorized("41 hex digits", () => WithSignature(s => s + "0")),
        Unauthorized("40 characters, not all hex", () => WithSignature(s => "g" + s[1..])),
        Unauthorized("surrounded by spaces", () => WithSignature(s => $" {s} ")),
        Unauthorized("as base64", () => WithSignature(s => Convert.ToBase64String(Convert.FromHexString(s)))),
        Unauthorized("of another nonce", () => Create().Signed(nonce: "12345").Text("nonce", "12346")),
        Unauthorized("of another timestamp", () => Create().Signed(timestampSeconds: NowSeconds).Number("timestamp", $"{NowSeconds - 1}")),
        Unauthorized("replayed: timestamp 10 minutes old", () => Create().Signed(timestampSeconds: NowSeconds - 600)),
        Unauthorized("timestamp 10 minutes ahead", () => Create().Signed(timestampSeconds: NowSeconds + 600)),
        Unauthorized("timestamp not an integer", () => SignedWithTimestamp("1.5e9")),
        Unauthorized("timestamp beyond 64 bits", () => SignedWithTimestamp("99999999999999999999")),
        Unauthorized("timestamp negative", () => SignedWithTimestamp("-1")),
        Unauthorized("no nonce", () => Create().Signed().Without("nonce")),
        Unauthorized("empty nonce", () => Create().Signed().Text("nonce", "")),
        Unauthorized("no timestamp", () => Create().Signed().Without("timestamp")),
        Unauthorized("appid without a configured secret", () => new ZegoApp(2, IngestServer.Secret).RoomCreate("hostile-room", RoomSession, Now).Signed()),
        Unauthorized("appid changed after signing", () => Create().Signed().Number("appid", "2")),
    ];

    private static HostileCase Unauthorized(string name, Func<ZegoCallback> callback) =>
        new($"signature: {name}", PostJson(() => callback().ToJson()), 401, "signature");

    private static ZegoCallback WithSignature(Func<string, string> change)
    {
        var timestamp = $"{NowSeconds}";
        return Create().Number("timestamp", timestamp).Text("nonce", "777")
            .Text("signature", change(ZegoSignature.Compute(IngestServer.Secret, timestamp, "777")));
    }

    /// <summary>Correctly signed over a timestamp text that is not acceptable.</summary>
    private static ZegoCallback SignedWithTimestamp(string timestamp) =>
        Create().Text("timestamp", timestamp).Text("nonce", "778").Text("signature", ZegoSignature.Compute(IngestServer.Secret, timestamp, "778"));
}
