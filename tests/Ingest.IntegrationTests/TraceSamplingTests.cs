using System.Net;
using System.Text;
using Confluent.Kafka;
using KafkaRooms.FakeZego;
using KafkaRooms.Rooms.Kafka;
using KafkaRooms.Testing.Kafka;

namespace KafkaRooms.Ingest.IntegrationTests;

/// <summary>
/// Callbacks are traced one in a hundred (docs/ingest-api.md, "Traces"), yet every message keeps
/// its callback's trace context, so the Worker follows the same decision.
/// </summary>
[Collection(IngestCollection.Name)]
public sealed class TraceSamplingTests(KafkaFixture kafka)
{
    private const string TraceParent = "^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$";

    [Fact]
    public async Task Few_callbacks_are_sampled_but_every_message_carries_a_traceparent()
    {
        const int callbacks = 100;
        var name = await kafka.CreateTopicAsync(1, "sampling");
        await using var server = await IngestServer.StartAsync(kafka.BootstrapServers, name);
        for (var i = 0; i < callbacks; i++)
        {
            var response = await server.Client.PostAsync("/zego/callback",
                IngestServer.Zego.RoomCreate($"sampled-room-{i}", "7", ZegoCallback.NowMs - 1000).Signed().AsJson());
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var traceParents = new CallbackTopic(kafka.BootstrapServers, name, 1).ReadAll(callbacks).Select(TraceParentOf).ToList();
        Assert.All(traceParents, traceParent => Assert.Matches(TraceParent, traceParent));
        // 1 % expected; more than 10 of 100 would mean every callback is recorded.
        Assert.InRange(traceParents.Count(t => t.EndsWith("-01", StringComparison.Ordinal)), 0, 10);
    }

    [Theory]
    [InlineData("01")]
    [InlineData("00")]
    public async Task A_callers_sampling_decision_is_kept_in_the_message(string flags)
    {
        var name = await kafka.CreateTopicAsync(1, "sampling-parent");
        await using var server = await IngestServer.StartAsync(kafka.BootstrapServers, name);
        var traceId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/zego/callback")
        {
            Content = IngestServer.Zego.RoomCreate("parented-room", "7", ZegoCallback.NowMs - 1000).Signed().AsJson(),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-{flags}");

        Assert.Equal(HttpStatusCode.OK, (await server.Client.SendAsync(request)).StatusCode);

        var traceParent = TraceParentOf(Assert.Single(new CallbackTopic(kafka.BootstrapServers, name, 1).ReadAll(1)));
        Assert.Matches(TraceParent, traceParent);
        Assert.StartsWith($"00-{traceId}-", traceParent, StringComparison.Ordinal);
        Assert.EndsWith($"-{flags}", traceParent, StringComparison.Ordinal);
    }

    private static string TraceParentOf(ConsumeResult<byte[], byte[]> message) =>
        Encoding.ASCII.GetString(message.Message.Headers.GetLastBytes(RoomEventHeaders.TraceParent));
}
