using System.Net;
using System.Text;
using KafkaRooms.FakeZego;
using KafkaRooms.Rooms.Contract;
using KafkaRooms.Testing.Kafka;
using KafkaRooms.Testing.Redis;

namespace KafkaRooms.Ingest.IntegrationTests;

/// <summary>
/// Informational fields never cost an event (docs/rules.md §4): Ingest cleans them, publishes
/// the event, and the state shows it. Each test goes Ingest -> Kafka -> contract decode (with the
/// Worker's cleaning and validation) -> store -> reader.
/// </summary>
[Collection(IngestCollection.Name)]
public sealed class InformationalFieldTests(KafkaFixture kafka, RedisServerFixture redis)
{
    private const string Session = "858012925204410400";
    private const string CleanedFields = "kafkarooms.ingest.cleaned_fields";

    private async Task<(IngestServer Server, CallbackTopic Topic)> StartAsync()
    {
        var name = await kafka.CreateTopicAsync(1, "informational");
        return (await IngestServer.StartAsync(kafka.BootstrapServers, name), new CallbackTopic(kafka.BootstrapServers, name, 1));
    }

    private static async Task PostAcceptedAsync(IngestServer server, HttpContent content)
    {
        var response = await server.Client.PostAsync("/zego/callback", content);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task A_login_whose_nickname_holds_control_characters_makes_the_user_visible_with_the_nickname_cleaned()
    {
        var (server, topic) = await StartAsync();
        await using var _ = server;
        var t = ZegoCallback.NowMs - 2000;
        const string room = "nickname-room";
        using var cleaned = MetricsAssert.Collect(server, CleanedFields);

        await PostAcceptedAsync(server, IngestServer.Zego.RoomCreate(room, Session, t).Signed().AsJson());
        await PostAcceptedAsync(server, IngestServer.Zego.Login(room, Session, "u1", "s1", t + 1)
            .Text("user_nickname", "tab\there\nbell\u0007").Text("user_role", "1\r").Signed().AsJson());

        var events = topic.ReadAll(2).Select(m => IngestToStore.Decode(m.Message.Value)).ToList();
        var login = Assert.Single(events, e => e.Kind == RoomEventKind.UserLoggedIn);
        Assert.Equal("tab\uFFFDhere\uFFFDbell\uFFFD", login.Nickname);
        Assert.Equal("1\uFFFD", login.Role);

        var state = new IngestToStore(redis);
        await state.ApplyAsync(events.OrderBy(e => e.TimeMs));
        var view = await state.Reader.GetRoomAsync(IngestServer.AppId, room);
        Assert.NotNull(view);
        var user = Assert.Single(view.Users);
        Assert.Equal(("u1", "tab\uFFFDhere\uFFFDbell\uFFFD", "1\uFFFD"), (user.UserAccount, user.Nickname, user.Role));

        Assert.Equal(1, MetricsAssert.Counted(cleaned, "field", "nickname"));
        Assert.Equal(1, MetricsAssert.Counted(cleaned, "field", "role"));
        Assert.True(MetricsAssert.Sample(await server.Client.GetStringAsync("/metrics"), "kafkarooms_ingest_cleaned_fields_total", "field=\"nickname\"") >= 1);
    }

    [Fact]
    public async Task A_logout_whose_reason_is_longer_than_256_bytes_takes_the_user_offline()
    {
        var (server, topic) = await StartAsync();
        await using var _ = server;
        var t = ZegoCallback.NowMs - 2000;
        const string room = "reason-room";
        var reason = string.Concat(Enumerable.Repeat("理由", 60)); // 360 bytes of UTF-8
        using var cleaned = MetricsAssert.Collect(server, CleanedFields);

        await PostAcceptedAsync(server, IngestServer.Zego.RoomCreate(room, Session, t).Signed().AsJson());
        await PostAcceptedAsync(server, IngestServer.Zego.Login(room, Session, "u1", "s1", t + 1).Signed().AsJson());
        await PostAcceptedAsync(server, IngestServer.Zego.Logout(room, Session, "u1", "s1", t + 2).Text("reason", reason).Signed().AsForm());

        var events = topic.ReadAll(3).Select(m => IngestToStore.Decode(m.Message.Value)).ToList();
        var logout = Assert.Single(events, e => e.Kind == RoomEventKind.UserLoggedOut);
        Assert.Equal(reason[..85], logout.Reason); // 85 characters of 3 bytes: 255 bytes, the most that fits in 256
        Assert.Equal(255, Encoding.UTF8.GetByteCount(logout.Reason!));

        var state = new IngestToStore(redis);
        await state.ApplyAsync(events.OrderBy(e => e.TimeMs));
        var view = await state.Reader.GetRoomAsync(IngestServer.AppId, room);
        Assert.NotNull(view);
        Assert.Empty(view.Users);
        Assert.Equal(1, MetricsAssert.Counted(cleaned, "field", "reason"));
    }

    [Fact]
    public async Task A_creator_and_a_close_reason_that_cannot_be_read_are_cleaned_and_the_room_events_applied()
    {
        var (server, topic) = await StartAsync();
        await using var _ = server;
        var t = ZegoCallback.NowMs - 2000;
        const string room = "creator-room";
        using var cleaned = MetricsAssert.Collect(server, CleanedFields);

        // ZEGO URL-encodes every string; "100%" is a malformed escape, kept as written.
        await PostAcceptedAsync(server, IngestServer.Zego.RoomCreate(room, "7", t).Raw("id_name", "\"100%\"").Signed().AsJson());
        var created = IngestToStore.Decode(Assert.Single(topic.ReadAll(1)).Message.Value);
        Assert.Equal("100%", created.Creator);

        var state = new IngestToStore(redis);
        await state.ApplyAsync([created]);
        Assert.Equal("100%", (await state.Reader.GetRoomAsync(IngestServer.AppId, room))?.Room.Creator);

        await PostAcceptedAsync(server, IngestServer.Zego.RoomClose(room, "7", t + 1).Text("close_reason", "not a number").Signed().AsJson());
        var closed = IngestToStore.Decode(topic.ReadAll(2).Last().Message.Value);
        Assert.Equal(RoomEventKind.RoomClosed, closed.Kind);
        Assert.Null(closed.CloseReason);
        await state.ApplyAsync([closed]);
        Assert.Null(await state.Reader.GetRoomAsync(IngestServer.AppId, room));

        Assert.Equal(1, MetricsAssert.Counted(cleaned, "field", "creator"));
        Assert.Equal(1, MetricsAssert.Counted(cleaned, "field", "close_reason"));
    }

    [Fact]
    public async Task Clean_callbacks_count_nothing_as_cleaned()
    {
        var (server, topic) = await StartAsync();
        await using var _ = server;
        using var cleaned = MetricsAssert.Collect(server, CleanedFields);

        await PostAcceptedAsync(server, IngestServer.Zego.Login("clean-room", Session, "u1", "s1", ZegoCallback.NowMs).Signed().AsJson());
        await PostAcceptedAsync(server, IngestServer.Zego.Logout("clean-room", Session, "u1", "s1", ZegoCallback.NowMs).Signed().AsForm());

        Assert.Equal(2, topic.MessageCount());
        Assert.Empty(cleaned.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task The_store_cleans_informational_fields_a_caller_left_dirty()
    {
        // A producer that did not clean: a TAB or LF in a nickname would otherwise split the
        // store's tab-separated user record (docs/redis-schema.md).
        var t = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 2000;
        RoomEvent created = new() { Kind = RoomEventKind.RoomCreated, AppId = 9, RoomId = "dirty", RoomSession = 3, TimeMs = t, Creator = "c\td" };
        var login = created with
        {
            Kind = RoomEventKind.UserLoggedIn, TimeMs = t + 1, Creator = null,
            UserAccount = "u1", UserSession = "s1", Nickname = "a\tb\n1\t0", Role = "r\n",
        };

        var state = new IngestToStore(redis);
        await state.ApplyAsync([created, login]);

        var view = await state.Reader.GetRoomAsync(9, "dirty");
        Assert.NotNull(view);
        Assert.Equal("c\uFFFDd", view.Room.Creator);
        Assert.Equal(("u1", "a\uFFFDb\uFFFD1\uFFFD0", "r\uFFFD"), (Assert.Single(view.Users).UserAccount, view.Users[0].Nickname, view.Users[0].Role));
    }
}
