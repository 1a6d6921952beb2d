using System.Text;
using Confluent.Kafka;
using KafkaRooms.Rooms.Kafka;
using KafkaRooms.Worker.DeadLetters;

namespace KafkaRooms.Worker.UnitTests;

public class DeadLetterMessageFactoryTests
{
    [Fact]
    public void The_original_key_value_and_headers_are_kept_and_the_reason_and_source_added()
    {
        var value = Encoding.UTF8.GetBytes("{broken");
        var headers = new Headers { { RoomEventHeaders.Kind, "room_created"u8.ToArray() }, { "trace", [1, 2, 3] } };
        var source = Messages.At(2, 1234, value, headers, key: "room {x}:1");

        var message = DeadLetterMessageFactory.Create(source, "not a valid event contract: x");

        Assert.Equal("room {x}:1", Encoding.UTF8.GetString(message.Key!));
        Assert.Equal(value, message.Value);
        Assert.Equal("room_created"u8.ToArray(), Header(message, RoomEventHeaders.Kind));
        Assert.Equal(new byte[] { 1, 2, 3 }, Header(message, "trace"));
        Assert.Equal("not a valid event contract: x", Text(message, DeadLetterHeaders.Reason));
        Assert.Equal("callbacks", Text(message, DeadLetterHeaders.SourceTopic));
        Assert.Equal("2", Text(message, DeadLetterHeaders.SourcePartition));
        Assert.Equal("1234", Text(message, DeadLetterHeaders.SourceOffset));
        Assert.Equal(Timestamp.Default, message.Timestamp);
    }

    [Fact]
    public void A_message_without_key_or_value_is_still_dead_lettered()
    {
        var message = DeadLetterMessageFactory.Create(Messages.At(0, 0, value: null, key: null), "empty message value");

        Assert.Null(message.Key);
        Assert.Null(message.Value);
        Assert.Equal("empty message value", Text(message, DeadLetterHeaders.Reason));
    }

    [Fact]
    public void Dead_letter_headers_of_an_earlier_round_are_replaced_not_repeated()
    {
        var headers = new Headers
        {
            { DeadLetterHeaders.Reason, "old"u8.ToArray() },
            { DeadLetterHeaders.SourceOffset, "1"u8.ToArray() },
        };

        var message = DeadLetterMessageFactory.Create(Messages.At(0, 77, [1], headers), "new");

        Assert.Single(message.Headers, h => h.Key == DeadLetterHeaders.Reason);
        Assert.Equal("new", Text(message, DeadLetterHeaders.Reason));
        Assert.Equal("77", Text(message, DeadLetterHeaders.SourceOffset));
    }

    [Fact]
    public void A_very_long_reason_is_cut()
    {
        var message = DeadLetterMessageFactory.Create(Messages.At(0, 0, [1]), new string('x', 5_000));

        Assert.Equal(DeadLetterMessageFactory.MaxReasonLength, Text(message, DeadLetterHeaders.Reason).Length);
    }

    private static byte[] Header(Message<byte[]?, byte[]?> message, string key) =>
        Assert.Single(message.Headers, h => h.Key == key).GetValueBytes();

    private static string Text(Message<byte[]?, byte[]?> message, string key) => Encoding.UTF8.GetString(Header(message, key));
}
