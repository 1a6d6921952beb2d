using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using KafkaRooms.FakeZego;
using KafkaRooms.Rooms.Contract;
using KafkaRooms.Rooms.Kafka;
using KafkaRooms.Testing.Kafka;

namespace KafkaRooms.Ingest.IntegrationTests;

[Collection(IngestCollection.Name)]
public sealed class CallbackPublishingTests(KafkaFixture kafka)
{
    private const int Partitions = 6;

    private async Task<(IngestServer Server, CallbackTopic Topic)> StartAsync()
    {
        var name = await kafka.CreateTopicAsync(Partitions, "ingest");
        var server = await IngestServer.StartAsync(kafka.BootstrapServers, name);
        return (server, new CallbackTopic(kafka.BootstrapServers, name, Partitions));
    }

    private static async Task AssertAcknowledgedAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, JsonDocument.Parse(body).RootElement.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task A_signed_json_room_create_is_written_keyed_by_room_id_to_the_murmur2_partition()
    {
        var (server, topic) = await StartAsync();
        await using var _ = server;
        const string roomId = "a+b% {x}:/你好";
        var time = ZegoCallback.NowMs - 1000;
        var before = ZegoCallback.NowMs;

        var response = await server.Client.PostAsync("/zego/callback",
            IngestServer.Zego.RoomCreate(roomId, "858012925204410400", time, "id 123").Signed().AsJson());
        await AssertAcknowledgedAsync(response);

        var message = Assert.Single(topic.ReadAll(1));
        var key = Encoding.UTF8.GetBytes(roomId);
        Assert.Equal(key, message.Message.Key);
        Assert.Equal(Murmur2.Partition(key, Partitions), message.Partition.Value);

        var e = RoomEventCodec.Deserialize(message.Message.Value);
        Assert.Equal(new RoomEvent
        {
            Kind = RoomEventKind.RoomCreated,
            AppId = IngestServer.AppId,
            RoomId = roomId,
            RoomSession = 858012925204410400,
            TimeMs = time,
            Creator = "id 123",
            ReceivedMs = e.ReceivedMs,
        }, e);
        Assert.InRange(e.ReceivedMs, before, ZegoCallback.NowMs);
        Assert.Equal(RoomEventKindNames.RoomCreated, Header(message, RoomEventHeaders.Kind));
        Assert.Equal("1", Header(message, RoomEventHeaders.ContractVersion));
        Assert.Equal(e.ReceivedMs.ToString(CultureInfo.InvariantCulture), Header(message, RoomEventHeaders.ReceivedMs));
    }

    [Theory]
    [InlineData("18446744073709551615")]
    [InlineData("9007199254740993")]
    [InlineData("1")]
    public async Task Uint64_room_sessions_survive_byte_for_byte_from_json_number_to_kafka(string session)
    {
        var (server, topic) = await StartAsync();
        await using var _ = server;

        await AssertAcknowledgedAsync(await server.Client.PostAsync("/zego/callback",
            IngestServer.Zego.RoomClose("room-u64", session, ZegoCallback.NowMs, closeReason: 1).Signed().AsJson()));

        var value = Assert.Single(topic.ReadAll(1)).Message.Value;
        using var json = JsonDocument.Parse(value);
        Assert.Equal(session, json.RootElement.GetProperty("room_session").GetString());
        Assert.Equal(ulong.Parse(session, CultureInfo.InvariantCulture), RoomEventCodec.Deserialize(value).RoomSession);
        Assert.Equal(1u, RoomEventCodec.Deserialize(value).CloseReason);
    }

    [Fact]
    public async Task Form_bodies_are_decoded_once_and_every_tracked_kind_is_written()
    {
        var (server, topic) = await StartAsync();
        await using var _ = server;
        const string roomId = "form room+%2B";
        var t = ZegoCallback.NowMs - 5000;
        ZegoCallback[] callbacks =
        [
            IngestServer.Zego.RoomCreate(roomId, "18446744073709551615", t),
            IngestServer.Zego.Login(roomId, "18446744073709551615", "user+1 %", "s-1", t + 1),
            IngestServer.Zego.Logout(roomId, "18446744073709551615", "user+1 %", "s-1", t + 2),
            IngestServer.Zego.RoomClose(roomId, "18446744073709551615", t + 3),
        ];
        foreach (var callback in callbacks)
        {
            await AssertAcknowledgedAsync(await server.Client.PostAsync("/zego/callback", callback.Signed().AsForm()));
        }

        var events = topic.ReadAll(4).Select(m => RoomEventCodec.Deserialize(m.Message.Value)).OrderBy(e => e.TimeMs).ToList();
        Assert.Equal(
            [RoomEventKind.RoomCreated, RoomEventKind.UserLoggedIn, RoomEventKind.UserLoggedOut, RoomEventKind.RoomClosed],
            events.Select(e => e.Kind));
        Assert.All(events, e => Assert.Equal(roomId, e.RoomId));
        Assert.All(events, e => Assert.Equal(ulong.MaxValue, e.RoomSession));
        Assert.Equal("user+1 %", events[1].UserAccount);
        Assert.Equal("s-1", events[1].UserSession);
        Assert.Equal("nick user+1 %", events[1].Nickname);
        Assert.Equal("2", events[1].Role);
        Assert.Equal(t + 2, events[2].TimeMs);
        Assert.Equal("0", events[2].Reason);
    }

    [Fact]
    public async Task One_rooms_events_share_a_partition_and_rooms_spread_as_javas_partitioner_puts_them()
    {
        var (server, topic) = await StartAsync();
        await using var _ = server;
        var rooms = Enumerable.Range(0, 24).Select(i => $"room-{i}-{{tag}}").ToList();
        var t = ZegoCallback.NowMs - 10_000;
        await Task.WhenAll(rooms.Select(async room =>
        {
            await AssertAcknowledgedAsync(await server.Client.PostAsync("/zego/callback",
                IngestServer.Zego.RoomCreate(room, "7", t).Signed().AsJson()));
            await AssertAcknowledgedAsync(await server.Client.PostAsync("/zego/callback",
                IngestServer.Zego.Login(room, "7", "u", "s", t + 1).Signed().AsJson()));
        }));

        var messages = topic.ReadAll(48);
        Assert.Equal(48, messages.Count);
        foreach (var message in messages)
        {
            Assert.Equal(Murmur2.Partition(message.Message.Key, Partitions), message.Partition.Value);
        }

        Assert.True(messages.Select(m => m.Partition.Value).Distinct().Count() > 1, "24 rooms all landed in one partition");
    }

    [Fact]
    public async Task Untracked_callback_kinds_are_acknowledged_counted_and_not_written()
    {
        var (server, topic) = await StartAsync();
        await using var _ = server;

        var response = await server.Client.PostAsync("/zego/callback",
            IngestServer.Zego.Event("stream_create").Text("stream_alias", "s1").Text("room_id", "r").Signed().AsJson());
        await AssertAcknowledgedAsync(response);

        Assert.Equal(0, topic.MessageCount());
        var metrics = await server.Client.GetStringAsync("/metrics");
        Assert.Contains(metrics.Split('\n'), line =>
            line.StartsWith("kafkarooms_ingest_callbacks_total{", StringComparison.Ordinal)
            && line.Contains("event=\"other\"", StringComparison.Ordinal)
            && line.Contains("outcome=\"ignored\"", StringComparison.Ordinal)
            && line.EndsWith(" 1", StringComparison.Ordinal));
    }

    private static string Header(ConsumeResult<byte[], byte[]> message, string name) =>
        Encoding.UTF8.GetString(message.Message.Headers.GetLastBytes(name));
}
