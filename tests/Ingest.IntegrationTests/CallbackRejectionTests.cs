using System.Net;
using KafkaRooms.FakeZego;
using KafkaRooms.Testing.Kafka;

namespace KafkaRooms.Ingest.IntegrationTests;

/// <summary>Every class of refusal: the right status, problem+json naming the field, and nothing written to Kafka.</summary>
[Collection(IngestCollection.Name)]
public sealed class CallbackRejectionTests(KafkaFixture kafka)
{
    private const int MaxBodyBytes = 4096;
    private static long Now => ZegoCallback.NowMs;
    private static long NowSeconds => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    private static ZegoCallback Create(string room = "room-1") => IngestServer.Zego.RoomCreate(room, "858012925204410400", Now - 1000);

    private static ZegoCallback Login(string user = "user-1") => IngestServer.Zego.Login("room-1", "858012925204410400", user, "s-1", Now - 1000);

    private static readonly Dictionary<string, (Func<HttpContent> Body, HttpStatusCode Status, string Field)> Cases = new()
    {
        // 400: the field is named.
        ["room_id missing"] = (() => Create().Without("room_id").Signed().AsJson(), HttpStatusCode.BadRequest, "room_id"),
        ["room_id empty"] = (() => Create("").Signed().AsJson(), HttpStatusCode.BadRequest, "room_id"),
        ["room_id of 129 bytes"] = (() => Create(new string('r', 129)).Signed().AsJson(), HttpStatusCode.BadRequest, "room_id"),
        ["room_id of 43 CJK chars = 129 bytes"] = (() => Create(string.Concat(Enumerable.Repeat("房", 43))).Signed().AsForm(), HttpStatusCode.BadRequest, "room_id"),
        ["room_id with a control character"] = (() => Create("a\u0001b").Signed().AsJson(), HttpStatusCode.BadRequest, "room_id"),
        ["user_account of 65 bytes"] = (() => Login(new string('u', 65)).Signed().AsJson(), HttpStatusCode.BadRequest, "user_account"),
        ["user_account with a newline"] = (() => Login("u\nx").Signed().AsJson(), HttpStatusCode.BadRequest, "user_account"),
        ["user_account missing"] = (() => Login().Without("user_account").Signed().AsJson(), HttpStatusCode.BadRequest, "user_account"),
        ["room_session_id not numeric"] = (() => Create().Text("room_session_id", "abc").Signed().AsJson(), HttpStatusCode.BadRequest, "room_session_id"),
        ["room_session_id 2^64"] = (() => Create().Number("room_session_id", "18446744073709551616").Signed().AsJson(), HttpStatusCode.BadRequest, "room_session_id"),
        ["room_session_id negative"] = (() => Create().Number("room_session_id", "-1").Signed().AsJson(), HttpStatusCode.BadRequest, "room_session_id"),
        ["room_session_id as a float"] = (() => Create().Number("room_session_id", "8.580129252044104e17").Signed().AsJson(), HttpStatusCode.BadRequest, "room_session_id"),
        ["room_session_id zero"] = (() => Create().Number("room_session_id", "0").Signed().AsJson(), HttpStatusCode.BadRequest, "room_session_id"),
        ["room_session_id missing"] = (() => Create().Without("room_session_id").Signed().AsJson(), HttpStatusCode.BadRequest, "room_session_id"),
        ["room_seq not numeric"] = (() => Login().Text("room_seq", "12a").Signed().AsJson(), HttpStatusCode.BadRequest, "room_seq"),
        ["room_create_time not an integer"] = (() => Create().Text("room_create_time", "1499676978027.5").Signed().AsJson(), HttpStatusCode.BadRequest, "room_create_time"),
        ["login_time missing"] = (() => Login().Without("login_time").Signed().AsJson(), HttpStatusCode.BadRequest, "login_time"),
        ["room_create_time beyond the clock skew"] = (() => IngestServer.Zego.RoomCreate("r", "5", Now + 600_000).Signed().AsJson(), HttpStatusCode.BadRequest, "room_create_time"),
        ["logout_time beyond the clock skew"] = (() => IngestServer.Zego.Logout("r", "5", "u", "s", Now + 600_000).Signed().AsJson(), HttpStatusCode.BadRequest, "logout_time"),
        ["close_reason not numeric"] = (() => IngestServer.Zego.RoomClose("r", "5", Now).Text("close_reason", "x").Signed().AsJson(), HttpStatusCode.BadRequest, "close_reason"),
        ["event missing"] = (() => Create().Without("event").Signed().AsJson(), HttpStatusCode.BadRequest, "event"),
        ["appid not numeric"] = (() => Create().Text("appid", "one").Signed().AsJson(), HttpStatusCode.BadRequest, "appid"),
        ["appid missing"] = (() => Create().Without("appid").Signed().AsJson(), HttpStatusCode.BadRequest, "appid"),
        ["malformed JSON"] = (() => ZegoCallback.Content("{\"event\":\"room_create\",", "application/json"), HttpStatusCode.BadRequest, "body"),
        ["JSON array"] = (() => ZegoCallback.Content("[]", "application/json"), HttpStatusCode.BadRequest, "body"),
        ["empty body"] = (() => ZegoCallback.Content("", "application/json"), HttpStatusCode.BadRequest, "body"),
        ["a field twice"] = (() => ZegoCallback.Content(Create().Signed().ToJson().Replace("{", "{\"room_id\":\"x\",", StringComparison.Ordinal), "application/json"), HttpStatusCode.BadRequest, "room_id"),
        ["malformed form escape"] = (() => ZegoCallback.Content(Create().Signed().ToForm() + "&id_name=50%", "application/x-www-form-urlencoded"), HttpStatusCode.BadRequest, "id_name"),
        ["invalid UTF-8 after decoding"] = (() => ZegoCallback.Content(Create().Signed().ToForm().Replace("room_id=room-1", "room_id=%FF", StringComparison.Ordinal), "application/x-www-form-urlencoded"), HttpStatusCode.BadRequest, "room_id"),

        // 401: signature problems.
        ["signature made with another secret"] = (() => Create().Signed("not-the-secret").AsJson(), HttpStatusCode.Unauthorized, "signature"),
        ["no signature"] = (() => Create().AsJson(), HttpStatusCode.Unauthorized, "signature"),
        ["appid without a configured secret"] = (() => new ZegoApp(2, IngestServer.Secret).Event("room_create").Text("room_id", "r").Number("room_session_id", "5").Text("room_create_time", $"{Now}").Signed().AsJson(), HttpStatusCode.Unauthorized, "signature"),
        ["replayed: timestamp 10 minutes old"] = (() => Create().Signed(timestampSeconds: NowSeconds - 600).AsJson(), HttpStatusCode.Unauthorized, "signature"),
        ["timestamp 10 minutes ahead"] = (() => Create().Signed(timestampSeconds: NowSeconds + 600).AsForm(), HttpStatusCode.Unauthorized, "signature"),
        ["signature of another nonce"] = (() => ZegoCallback.Content(Create().Signed().ToJson().Replace("\"nonce\":\"", "\"nonce\":\"1", StringComparison.Ordinal), "application/json"), HttpStatusCode.Unauthorized, "signature"),

        // 413 and 415.
        ["body over the limit"] = (() => Create().Text("padding", new string('p', MaxBodyBytes)).Signed().AsJson(), HttpStatusCode.RequestEntityTooLarge, "body"),
        ["chunked body over the limit"] = (() => new ChunkedContent(Create().Text("padding", new string('p', MaxBodyBytes)).Signed().ToJson(), "application/json"), HttpStatusCode.RequestEntityTooLarge, "body"),
        ["text/plain"] = (() => ZegoCallback.Content(Create().Signed().ToJson(), "text/plain"), HttpStatusCode.UnsupportedMediaType, "Content-Type"),
        ["no content type"] = (() => ZegoCallback.Content(Create().Signed().ToJson(), null), HttpStatusCode.UnsupportedMediaType, "Content-Type"),
        ["application/xml"] = (() => ZegoCallback.Content("<x/>", "application/xml"), HttpStatusCode.UnsupportedMediaType, "Content-Type"),
        ["JSON in latin-1"] = (() => ZegoCallback.Content(Create().Signed().ToJson(), "application/json; charset=iso-8859-1"), HttpStatusCode.UnsupportedMediaType, "Content-Type"),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Is_refused_naming_the_field_and_nothing_is_written(string caseName)
    {
        var (body, status, field) = Cases[caseName];
        var topicName = await kafka.CreateTopicAsync(3, "reject");
        var topic = new CallbackTopic(kafka.BootstrapServers, topicName, 3);
        await using var server = await IngestServer.StartAsync(kafka.BootstrapServers, topicName,
            new Dictionary<string, string?> { ["Ingest:MaxBodyBytes"] = $"{MaxBodyBytes}" });

        var response = await server.Client.PostAsync("/zego/callback", body());

        await ProblemAssert.IsProblemAsync(response, status, field);
        Assert.Equal(0, topic.MessageCount());
    }

    [Fact]
    public async Task A_valid_callback_through_the_same_setup_is_written()
    {
        // The control for the theory above: the same server and topic setup does publish.
        var topicName = await kafka.CreateTopicAsync(3, "reject-control");
        var topic = new CallbackTopic(kafka.BootstrapServers, topicName, 3);
        await using var server = await IngestServer.StartAsync(kafka.BootstrapServers, topicName,
            new Dictionary<string, string?> { ["Ingest:MaxBodyBytes"] = $"{MaxBodyBytes}" });

        var response = await server.Client.PostAsync("/zego/callback", Create().Text("padding", new string('p', 3000)).Signed().AsJson());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, topic.MessageCount());
    }

    /// <summary>A body of unknown length, so the client sends it chunked (no Content-Length to refuse early).</summary>
    private sealed class ChunkedContent : HttpContent
    {
        private readonly byte[] _body;

        public ChunkedContent(string body, string mediaType)
        {
            _body = System.Text.Encoding.UTF8.GetBytes(body);
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(mediaType);
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            foreach (var chunk in _body.Chunk(1000))
            {
                await stream.WriteAsync(chunk);
                await stream.FlushAsync();
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
