using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using KafkaRooms.Rooms.Kafka;
using KafkaRooms.Worker.Consuming;
using KafkaRooms.Worker.Telemetry;

namespace KafkaRooms.Worker.UnitTests;

/// <summary>The batch's activity continues the traces written into the message headers.</summary>
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
    public void A_batch_of_many_messages_is_a_root_linked_once_to_each_traced_message_dead_letters_included()
    {
        var (first, second, rejected) = (NewContext(), NewContext(), NewContext());
        var batch = new DecodedBatch();
        foreach (var (offset, context) in new[] { (1L, first), (2L, second), (3L, first), (4L, default) })
        {
            batch.Events.Add(Messages.Created(1_000));
            batch.EventSources.Add(Messages.At(0, offset, headers: context == default ? [] : TraceHeaders(context)));
        }

        batch.Rejected.Add(new RejectedMessage(Messages.At(0, 5, headers: TraceHeaders(rejected)), "invalid"));
        using var ambient = new Activity("consume loop").Start();

        using var activity = BatchTracing.StartApply(batch);

        Assert.NotNull(activity);
        Assert.Equal(default, activity.ParentSpanId);
        Assert.DoesNotContain(activity.TraceId, new[] { first.TraceId, second.TraceId, rejected.TraceId, ambient.TraceId });
        Assert.Equal(
            new[] { first, second, rejected }.Select(c => $"{c.TraceId}-{c.SpanId}").Order(),
            activity.Links.Select(link => $"{link.Context.TraceId}-{link.Context.SpanId}").Order());
        Assert.Equal(5, activity.GetTagItem("messaging.batch.message_count"));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("00-00000000000000000000000000000000-0000000000000000-01")]
    [InlineData("")]
    public void A_malformed_traceparent_starts_a_trace_of_its_own(string traceParent)
    {
        var batch = new DecodedBatch();
        batch.Events.Add(Messages.Created(1_000));
        batch.EventSources.Add(Messages.At(0, 1, headers: new Headers { { RoomEventHeaders.TraceParent, Encoding.ASCII.GetBytes(traceParent) } }));

        using var activity = BatchTracing.StartApply(batch);

        Assert.NotNull(activity);
        Assert.Equal(default, activity.ParentSpanId);
    }

    public void Dispose() => _listener.Dispose();

    private static ActivityContext NewContext() =>
        new(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);

    private static Headers TraceHeaders(ActivityContext context, string? traceState = null)
    {
        var headers = new Headers { { RoomEventHeaders.TraceParent, Encoding.ASCII.GetBytes($"00-{context.TraceId}-{context.SpanId}-01") } };
        if (traceState is not null)
        {
            headers.Add(RoomEventHeaders.TraceState, Encoding.ASCII.GetBytes(traceState));
        }

        return headers;
    }
}
