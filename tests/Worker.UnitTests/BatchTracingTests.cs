using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using KafkaRooms.Rooms.Kafka;
using KafkaRooms.Worker.Consuming;
using KafkaRooms.Worker.Telemetry;

namespace KafkaRooms.Worker.UnitTests;

/// <summary>The batch's activity continues the sampled traces written into the message headers, and only those.</summary>
public sealed class BatchTracingTests : IDisposable
{
    private readonly ActivityListener _listener = new()
    {
        ShouldListenTo = source => source.Name == BatchTracing.SourceName,
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
    };

    public BatchTracingTests() => ActivitySource.AddActivityListener(_listener);

    [Fact]
    public void A_batch_of_one_message_is_a_child_of_that_message_in_its_trace()
    {
        var producer = NewContext();
        var batch = new DecodedBatch();
        batch.Events.Add(Messages.Created(1_000));
        batch.EventSources.Add(Messages.At(0, 5, headers: TraceHeaders(producer, "vendor=abc")));

        using var activity = BatchTracing.StartApply(batch);

        Assert.NotNull(activity);
        Assert.Equal(producer.TraceId, activity.TraceId);
        Assert.Equal(producer.SpanId, activity.ParentSpanId);
        Assert.Equal("vendor=abc", activity.TraceStateString);
        Assert.Equal(ActivityKind.Consumer, activity.Kind);
        Assert.Empty(activity.Links);
        Assert.Equal(1, activity.GetTagItem("messaging.batch.message_count"));
        Assert.Equal("callbacks", activity.GetTagItem("messaging.destination.name"));
    }

    [Fact]
    public void A_batch_of_many_messages_is_a_root_linked_once_to_each_sampled_message_dead_letters_included()
    {
        var (first, second, rejected, unsampled) = (NewContext(), NewContext(), NewContext(), NewContext());
        var batch = new DecodedBatch();
        foreach (var (offset, headers) in new[]
        {
            (1L, TraceHeaders(first)), (2L, TraceHeaders(second)), (3L, TraceHeaders(first)), (4L, new Headers()),
            (5L, TraceHeaders(unsampled, sampled: false)),
        })
        {
            batch.Events.Add(Messages.Created(1_000));
            batch.EventSources.Add(Messages.At(0, offset, headers: headers));
        }

        batch.Rejected.Add(new RejectedMessage(Messages.At(0, 6, headers: TraceHeaders(rejected)), "invalid"));
        using var ambient = new Activity("consume loop").Start();

        using var activity = BatchTracing.StartApply(batch);

        Assert.NotNull(activity);
        Assert.Equal(default, activity.ParentSpanId);
        Assert.DoesNotContain(activity.TraceId, new[] { first.TraceId, second.TraceId, rejected.TraceId, unsampled.TraceId, ambient.TraceId });
        Assert.Equal(
            new[] { first, second, rejected }.Select(c => $"{c.TraceId}-{c.SpanId}").Order(),
            activity.Links.Select(link => $"{link.Context.TraceId}-{link.Context.SpanId}").Order());
        Assert.Equal(6, activity.GetTagItem("messaging.batch.message_count"));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("00-00000000000000000000000000000000-0000000000000000-01")]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00")]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-02")]
    [InlineData("")]
    [InlineData(null)]
    public void A_batch_none_of_whose_messages_was_sampled_records_nothing(string? traceParent)
    {
        var batch = new DecodedBatch();
        foreach (var offset in new[] { 1L, 2L })
        {
            batch.Events.Add(Messages.Created(1_000));
            batch.EventSources.Add(Messages.At(0, offset, headers: traceParent is null
                ? []
                : new Headers { { RoomEventHeaders.TraceParent, Encoding.ASCII.GetBytes(traceParent) } }));
        }

        using var activity = BatchTracing.StartApply(batch);

        Assert.Null(activity);
    }

    [Theory]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", true)]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-03", true)]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-ff", true)]
    [InlineData("01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-future", true)]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00", false)]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-10", false)]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-0", false)]
    [InlineData("00_0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", false)]
    [InlineData("", false)]
    public void The_sampled_flag_is_read_off_the_traceparent_bytes(string traceParent, bool sampled) =>
        Assert.Equal(sampled, BatchTracing.IsSampled(Encoding.ASCII.GetBytes(traceParent)));

    public void Dispose() => _listener.Dispose();

    private static ActivityContext NewContext() =>
        new(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);

    private static Headers TraceHeaders(ActivityContext context, string? traceState = null, bool sampled = true)
    {
        var headers = new Headers { { RoomEventHeaders.TraceParent, Encoding.ASCII.GetBytes($"00-{context.TraceId}-{context.SpanId}-{(sampled ? "01" : "00")}") } };
        if (traceState is not null)
        {
            headers.Add(RoomEventHeaders.TraceState, Encoding.ASCII.GetBytes(traceState));
        }

        return headers;
    }
}
