using System.Net;
using KafkaRooms.FakeZego;
using KafkaRooms.Testing.Kafka;

namespace KafkaRooms.Ingest.IntegrationTests;

/// <summary>
/// Rotating an app's callback secret without refusing a callback (docs/ingest-api.md): both the
/// current and the next secret verify while the rotation runs, and the metrics say which one did.
/// </summary>
[Collection(IngestCollection.Name)]
public sealed class SecretRotationTests(KafkaFixture kafka)
{
    private const string NextSecret = "next-integration-secret-91c2";
    private static readonly ZegoApp SignedWithNext = new(IngestServer.AppId, NextSecret);

    private async Task<(IngestServer Server, CallbackTopic Topic)> StartAsync(Dictionary<string, string?> settings)
    {
        var name = await kafka.CreateTopicAsync(1, "rotation");
        return (await IngestServer.StartAsync(kafka.BootstrapServers, name, settings), new CallbackTopic(kafka.BootstrapServers, name, 1));
    }

    private static Task<HttpResponseMessage> PostAsync(IngestServer server, ZegoApp app, string room) =>
        server.Client.PostAsync("/zego/callback", app.RoomCreate(room, "5", ZegoCallback.NowMs).Signed().AsJson());

    [Fact]
    public async Task While_a_next_secret_is_set_callbacks_signed_with_either_secret_are_published_and_counted_apart()
    {
        var (server, topic) = await StartAsync(new() { [$"Zego:Apps:{IngestServer.AppId}:NextCallbackSecret"] = NextSecret });
        await using var _ = server;
        using var verified = MetricsAssert.Collect(server, "kafkarooms.ingest.signatures_verified");

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(server, IngestServer.Zego, "current")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(server, SignedWithNext, "next")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(server, new ZegoApp(IngestServer.AppId, "neither"), "neither")).StatusCode);

        Assert.Equal(2, topic.MessageCount());
        Assert.Equal(1, MetricsAssert.Counted(verified, "secret", "current"));
        Assert.Equal(1, MetricsAssert.Counted(verified, "secret", "next"));
        Assert.True(MetricsAssert.Sample(await server.Client.GetStringAsync("/metrics"), "kafkarooms_ingest_signatures_verified_total", "secret=\"next\"") >= 1);
        Assert.DoesNotContain(server.Logs.Entries, e => e.Text.Contains(NextSecret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Once_the_next_secret_is_the_current_one_the_old_secret_is_refused()
    {
        var (server, topic) = await StartAsync(new() { [$"Zego:Apps:{IngestServer.AppId}:CallbackSecret"] = NextSecret });
        await using var _ = server;

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(server, SignedWithNext, "after")).StatusCode);
        await ProblemAssert.IsProblemAsync(await PostAsync(server, IngestServer.Zego, "old"), HttpStatusCode.Unauthorized, "signature");

        Assert.Equal(1, topic.MessageCount());
    }

    [Fact]
    public async Task An_empty_next_secret_stops_the_start_naming_the_setting_and_not_the_secret()
    {
        var name = await kafka.CreateTopicAsync(1, "rotation-bad");
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => IngestServer.StartAsync(kafka.BootstrapServers, name,
            new Dictionary<string, string?> { [$"Zego:Apps:{IngestServer.AppId}:NextCallbackSecret"] = " " }));

        Assert.Contains($"Zego:Apps:{IngestServer.AppId}:NextCallbackSecret", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(IngestServer.Secret, ex.Message, StringComparison.Ordinal);
    }
}
