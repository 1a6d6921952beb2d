using System.Net;
using KafkaRooms.FakeZego;
using KafkaRooms.LocalKafka;
using KafkaRooms.Rooms.Contract;
using KafkaRooms.Testing.Kafka;

namespace KafkaRooms.Ingest.IntegrationTests;

/// <summary>While Kafka cannot confirm a write, callbacks get 503 (ZEGO retries), never 200.</summary>
[Collection(IngestCollection.Name)]
public sealed class KafkaOutageTests(KafkaFixture kafka)
{
    [Fact]
    public async Task Brokers_down_answer_503_and_never_200_then_brokers_up_answer_200_and_the_event_is_written()
    {
        _ = kafka; // loads the shared librdkafka before the private cluster starts
        // A private mock cluster: taking its brokers down must not disturb the other tests.
        using var cluster = MockKafkaCluster.Start(3);
        const string topicName = "outage";
        cluster.CreateTopic(topicName, 3);
        var topic = new CallbackTopic(cluster.BootstrapServers, topicName, 3);
        await using var server = await IngestServer.StartAsync(cluster.BootstrapServers, topicName,
            new Dictionary<string, string?> { ["Ingest:PublishTimeout"] = "00:00:01.500" });
        var t = ZegoCallback.NowMs - 1000;

        // Warm up: the producer knows the cluster.
        var warm = await server.Client.PostAsync("/zego/callback", IngestServer.Zego.RoomCreate("warm", "1", t).Signed().AsJson());
        Assert.Equal(HttpStatusCode.OK, warm.StatusCode);

        cluster.SetAllBrokersDown();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var down = await server.Client.PostAsync("/zego/callback",
                IngestServer.Zego.RoomCreate("during-outage", "2", t).Signed().AsJson());
            await ProblemAssert.IsProblemAsync(down, HttpStatusCode.ServiceUnavailable);
        }

        cluster.SetAllBrokersUp();
        // ZEGO's retry: the same callback again until Kafka confirms it (reconnect backoff takes a few seconds).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        HttpResponseMessage retried;
        do
        {
            retried = await server.Client.PostAsync("/zego/callback", IngestServer.Zego.RoomCreate("during-outage", "2", t).Signed().AsJson());
        }
        while (retried.StatusCode == HttpStatusCode.ServiceUnavailable && DateTime.UtcNow < deadline);

        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        var rooms = topic.ReadAll(2).Select(m => RoomEventCodec.Deserialize(m.Message.Value).RoomId).ToList();
        Assert.Contains("warm", rooms);
        Assert.Contains("during-outage", rooms);
    }
}
