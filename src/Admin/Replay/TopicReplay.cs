using System.Diagnostics;
using Confluent.Kafka;
using KafkaRooms.Rooms.Contract;
using KafkaRooms.Rooms.Redis;

namespace KafkaRooms.Admin.Replay;

/// <summary>
/// Applies ranges of the callbacks topic to a room store, as the Workers would (docs/rules.md §7:
/// the state is a view of the log): each message is decoded and checked with the shared contract
/// and validator; invalid ones are counted and skipped (the Workers dead-letter them). One batch is
/// applied while the next is read.
/// </summary>
internal sealed class TopicReplay(IConsumer<byte[]?, byte[]?> consumer, string topic, RoomStore store, TimeSpan maxClockSkew, TextWriter progressOutput)
{
    private const int BatchSize = 2000;

    /// <summary>A replay that receives nothing for this long while messages are due gives up.</summary>
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(30);

    public async Task RunAsync(IReadOnlyList<PartitionRange> ranges, DateTimeOffset? since, ReplayCounts counts, string what, CancellationToken cancellationToken)
    {
        var open = ranges.Where(r => r.Count > 0).ToDictionary(r => r.Partition);
        if (open.Count == 0)
        {
            return;
        }

        var progress = new ReplayProgress(progressOutput, what, ranges.Sum(r => r.Count));
        var position = open.ToDictionary(p => p.Key, p => p.Value.From);
        var sinceMs = since?.ToUnixTimeMilliseconds();
        long done = 0;
        var batch = new List<RoomEvent>(BatchSize);
        var applying = Task.CompletedTask;
        var lastMessage = Stopwatch.GetTimestamp();
        var assigned = open.Values.Select(r => new TopicPartitionOffset(topic, r.Partition, r.From)).ToList();
        consumer.Assign(assigned);
        // librdkafka keeps a partition's pause across unassign and assign: an earlier run paused it.
        consumer.Resume(assigned.Select(p => p.TopicPartition));
        try
        {
            while (open.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var message = consumer.Consume(TimeSpan.FromMilliseconds(100));
                if (message is null)
                {
                    if (Stopwatch.GetElapsedTime(lastMessage) > Stall)
                    {
                        throw new AdminFailure($"Kafka delivered nothing of partitions {string.Join(", ", open.Keys)} of {topic} for {Stall.TotalSeconds:0} s");
                    }

                    continue;
                }

                lastMessage = Stopwatch.GetTimestamp();
                if (!open.TryGetValue(message.Partition.Value, out var range))
                {
                    continue;
                }

                var offset = message.Offset.Value;
                if (message.IsPartitionEOF || offset >= range.To)
                {
                    if (offset >= range.To)
                    {
                        done += range.To - position[range.Partition];
                        Close(open, range);
                    }

                    continue;
                }

                done += offset + 1 - position[range.Partition];
                position[range.Partition] = offset + 1;
                counts.Read++;
                Take(message, sinceMs, counts, batch);
                if (offset + 1 >= range.To)
                {
                    Close(open, range);
                }

                if (batch.Count >= BatchSize)
                {
                    await applying.ConfigureAwait(false);
                    applying = ApplyAsync(batch, counts);
                    batch = new List<RoomEvent>(BatchSize);
                }

                progress.Report(done);
            }

            await applying.ConfigureAwait(false);
            await ApplyAsync(batch, counts).ConfigureAwait(false);
        }
        finally
        {
            consumer.Unassign();
        }

        progressOutput.WriteLine(progress.Line(done));
    }

    private void Close(Dictionary<int, PartitionRange> open, PartitionRange range)
    {
        open.Remove(range.Partition);
        consumer.Pause([new TopicPartition(topic, range.Partition)]);
    }

    private void Take(ConsumeResult<byte[]?, byte[]?> message, long? sinceMs, ReplayCounts counts, List<RoomEvent> batch)
    {
        if (sinceMs is { } since && message.Message.Timestamp.Type != TimestampType.NotAvailable && message.Message.Timestamp.UnixTimestampMs < since)
        {
            counts.BeforeSince++;
            return;
        }

        if (message.Message.Value is not { Length: > 0 } value)
        {
            counts.Invalid++;
            return;
        }

        RoomEvent roomEvent;
        try
        {
            roomEvent = InformationalFields.Clean(RoomEventCodec.Deserialize(value));
        }
        catch (RoomEventFormatException)
        {
            counts.Invalid++;
            return;
        }

        if (RoomEventValidator.Validate(roomEvent, DateTimeOffset.UtcNow, maxClockSkew) is not null)
        {
            counts.Invalid++;
            return;
        }

        batch.Add(roomEvent);
        counts.Apps.Add(roomEvent.AppId);
    }

    private async Task ApplyAsync(List<RoomEvent> events, ReplayCounts counts)
    {
        if (events.Count > 0)
        {
            counts.Add(await store.ApplyBatchAsync(events).ConfigureAwait(false));
        }
    }
}
