using System.Globalization;
using System.Text;
using Confluent.Kafka;
using KafkaRooms.Rooms.Kafka;

namespace KafkaRooms.Worker.DeadLetters;

/// <summary>
/// Builds the dead-letter copy of a rejected message: the original key, value and headers
/// unchanged (so it can be replayed as is), plus why and where it came from.
/// </summary>
internal static class DeadLetterMessageFactory
{
    /// <summary>Reasons are cut to this many characters; a header is no place for a whole parser message.</summary>
    public const int MaxReasonLength = 1_000;

    public static Message<byte[]?, byte[]?> Create(ConsumeResult<byte[]?, byte[]?> source, string reason)
    {
        var headers = new Headers();
        if (source.Message.Headers is { } original)
        {
            foreach (var header in original)
            {
                // Headers of an earlier dead-lettering would be ambiguous next to ours.
                if (!IsDeadLetterHeader(header.Key))
                {
                    headers.Add(header.Key, header.GetValueBytes());
                }
            }
        }

        headers.Add(DeadLetterHeaders.Reason, Encoding.UTF8.GetBytes(Truncate(reason)));
        headers.Add(DeadLetterHeaders.SourceTopic, Encoding.UTF8.GetBytes(source.Topic));
        headers.Add(DeadLetterHeaders.SourcePartition, Ascii(source.Partition.Value));
        headers.Add(DeadLetterHeaders.SourceOffset, Ascii(source.Offset.Value));

        return new Message<byte[]?, byte[]?>
        {
            Key = source.Message.Key,
            Value = source.Message.Value,
            Headers = headers,
            // Dead-lettering time, not the original one: time-based retention of the dead-letter
            // topic would otherwise delete the copy of an old message at once.
            Timestamp = Timestamp.Default,
        };
    }

    private static bool IsDeadLetterHeader(string key) =>
        key is DeadLetterHeaders.Reason or DeadLetterHeaders.SourceTopic
            or DeadLetterHeaders.SourcePartition or DeadLetterHeaders.SourceOffset;

    private static string Truncate(string reason) =>
        reason.Length <= MaxReasonLength ? reason : reason[..MaxReasonLength];

    private static byte[] Ascii(long value) =>
        Encoding.ASCII.GetBytes(value.ToString(CultureInfo.InvariantCulture));
}
