using System.Text;
using KafkaRooms.Rooms.Contract;
using KafkaRooms.Rooms.Redis;
using KafkaRooms.Worker.Consuming;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace KafkaRooms.Worker.UnitTests;

public class MessageDecoderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private readonly MessageDecoder _decoder = new(Options.Create(new RoomStateOptions()), new FakeTimeProvider(Now));

    [Fact]
    public void A_valid_event_is_kept_with_its_source_message()
    {
        var created = Messages.Created(Now.ToUnixTimeMilliseconds() - 1_000);
        var message = Messages.At(0, 4, RoomEventCodec.Serialize(created));

        var batch = _decoder.Decode([message]);

        Assert.Equal(created, Assert.Single(batch.Events));
        Assert.Same(message, Assert.Single(batch.EventSources));
        Assert.Empty(batch.Rejected);
    }

    [Theory]
    [InlineData("{not json", "not a valid event contract")]
    [InlineData("", "empty message value")]
    [InlineData("""{"v":2,"kind":"room_created","app_id":7,"room_id":"r","room_session":"1","time_ms":1}""", "unsupported contract version 2")]
    [InlineData("""{"v":1,"kind":"room_created","app_id":7,"room_id":"","room_session":"1","time_ms":1764072000000}""", "room_id: is required")]
    public void Unusable_messages_are_rejected_with_their_reason(string value, string reason)
    {
        var message = Messages.At(0, 9, Encoding.UTF8.GetBytes(value));

        var batch = _decoder.Decode([message]);

        Assert.Empty(batch.Events);
        var rejected = Assert.Single(batch.Rejected);
        Assert.Same(message, rejected.Source);
        Assert.Contains(reason, rejected.Reason);
    }

    [Fact]
    public void A_null_value_is_rejected()
    {
        var batch = _decoder.Decode([Messages.At(0, 0, value: null)]);

        Assert.Equal("empty message value", Assert.Single(batch.Rejected).Reason);
    }

    [Fact]
    public void A_time_beyond_the_clock_skew_is_rejected_and_one_within_it_is_kept()
    {
        var far = Messages.Created(Now.AddHours(1).ToUnixTimeMilliseconds());
        var near = Messages.Created(Now.AddMinutes(4).ToUnixTimeMilliseconds());

        var batch = _decoder.Decode([
            Messages.At(0, 0, RoomEventCodec.Serialize(far)),
            Messages.At(0, 1, RoomEventCodec.Serialize(near)),
        ]);

        Assert.Equal(near, Assert.Single(batch.Events));
        var rejected = Assert.Single(batch.Rejected);
        Assert.Equal(0, rejected.Source.Offset.Value);
        Assert.Contains("time_ms: lies more than", rejected.Reason);
    }

    [Fact]
    public void An_event_ingest_accepted_is_kept_although_this_workers_clock_runs_behind_ingests()
    {
        // Ingest's clock is 3 minutes ahead: it received the event at Now + 3 min and accepted a
        // time 4 minutes after that. By this Worker's clock the time lies 7 minutes ahead, beyond
        // the skew, but the bound is the receive time plus the skew (docs/rules.md §4).
        var receivedMs = Now.AddMinutes(3).ToUnixTimeMilliseconds();
        var accepted = Messages.Created(Now.AddMinutes(7).ToUnixTimeMilliseconds()) with { ReceivedMs = receivedMs };
        var forged = Messages.Created(Now.AddMinutes(9).ToUnixTimeMilliseconds()) with { ReceivedMs = receivedMs };

        var batch = _decoder.Decode([
            Messages.At(0, 0, RoomEventCodec.Serialize(accepted)),
            Messages.At(0, 1, RoomEventCodec.Serialize(forged)),
        ]);

        Assert.Equal(accepted, Assert.Single(batch.Events));
        var rejected = Assert.Single(batch.Rejected);
        Assert.Equal(1, rejected.Source.Offset.Value);
        Assert.Contains("time_ms: lies more than", rejected.Reason);
    }

    [Fact]
    public void Room_session_zero_is_kept()
    {
        var created = Messages.Created(Now.ToUnixTimeMilliseconds()) with { RoomSession = 0 };

        var batch = _decoder.Decode([Messages.At(0, 0, RoomEventCodec.Serialize(created))]);

        Assert.Equal(created, Assert.Single(batch.Events));
    }

    [Fact]
    public void Informational_fields_from_any_producer_are_cleaned_and_the_event_kept()
    {
        // Written by hand, as a producer that does not clean would write it.
        var value = $$"""
            {"v":1,"kind":"user_logged_in","app_id":7,"room_id":"room-1","room_session":"5","time_ms":{{Now.ToUnixTimeMilliseconds()}},
             "user_account":"u1","user_session":"s1","nickname":"tab\u0009here","role":"{{new string('r', 300)}}"}
            """;

        var batch = _decoder.Decode([Messages.At(0, 0, Encoding.UTF8.GetBytes(value))]);

        Assert.Empty(batch.Rejected);
        var login = Assert.Single(batch.Events);
        Assert.Equal("tab\uFFFDhere", login.Nickname);
        Assert.Equal(new string('r', InformationalFields.MaxTextBytes), login.Role);
    }

    [Fact]
    public void A_mixed_batch_keeps_every_message_exactly_once()
    {
        var messages = Enumerable.Range(0, 20)
            .Select(i => Messages.At(i % 3, i, i % 4 == 0
                ? Encoding.UTF8.GetBytes("garbage")
                : RoomEventCodec.Serialize(Messages.Created(Now.ToUnixTimeMilliseconds() - i, $"room-{i}"))))
            .ToList();

        var batch = _decoder.Decode(messages);

        Assert.Equal(20, batch.Count);
        Assert.Equal(5, batch.Rejected.Count);
        Assert.Equal(
            messages.Select(m => m.Offset.Value).Order(),
            batch.EventSources.Concat(batch.Rejected.Select(r => r.Source)).Select(m => m.Offset.Value).Order());
    }
}
