using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using KafkaRooms.Rooms.Contract;
using KafkaRooms.Rooms.Redis;
using KafkaRooms.Worker.Consuming;
using KafkaRooms.Worker.DeadLetters;
using KafkaRooms.Worker.Health;
using KafkaRooms.Worker.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace KafkaRooms.Worker.UnitTests;

/// <summary>The retry and dead-letter policy around the store (the store itself is tested against Redis elsewhere).</summary>
public sealed class BatchApplierTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly WorkerStatus _status = new();
    private readonly WorkerMetrics _metrics;
    private readonly MetricCollector<long> _applied;
    private readonly MetricCollector<long> _inline;
    private readonly RecordingDeadLetters _deadLetters = new();
    private readonly IOptions<WorkerOptions> _options = Options.Create(new WorkerOptions
    {
        RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        RetryMaxDelay = TimeSpan.FromMilliseconds(5),
    });

    public BatchApplierTests()
    {
        var meterFactory = _services.GetRequiredService<IMeterFactory>();
        _metrics = new WorkerMetrics(meterFactory);
        // What /metrics exports as kafkarooms_worker_events_applied_total (all outcomes).
        _applied = new MetricCollector<long>(meterFactory, WorkerMetrics.MeterName, "kafkarooms.worker.events.applied");
        _inline = new MetricCollector<long>(meterFactory, WorkerMetrics.MeterName, "kafkarooms.worker.batch.inline");
    }

    private long AppliedTotal => _applied.GetMeasurementSnapshot().Sum(m => m.Value);

    private long DuplicateTotal => WithOutcome(_applied, "duplicate");

    private long InlineBatches(string outcome) => WithOutcome(_inline, outcome);

    private static long WithOutcome(MetricCollector<long> collector, string outcome) => collector.GetMeasurementSnapshot()
        .Where(m => m.Tags.TryGetValue("outcome", out var value) && Equals(value, outcome))
        .Sum(m => m.Value);

    [Fact]
    public async Task A_failing_store_is_retried_until_the_whole_batch_is_applied()
    {
        var sink = new FlakySink(failures: 3);

        await Applier(sink).ApplyAsync(Batch(5), CancellationToken.None);

        Assert.Equal(4, sink.Attempts);
        Assert.Equal(5, AppliedTotal);
        Assert.Null(_status.FailingFor);
    }

    [Fact]
    public async Task While_retrying_the_status_reports_failing_and_shutdown_ends_the_retries()
    {
        var sink = new FlakySink(failures: int.MaxValue);
        using var stop = new CancellationTokenSource();

        var applying = Applier(sink).ApplyAsync(Batch(2), stop.Token);
        await WaitUntil(() => sink.Attempts >= 3);

        Assert.NotNull(_status.FailingFor);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => applying);
        Assert.Equal(0, AppliedTotal);
    }

    [Fact]
    public async Task An_attempt_that_hangs_is_timed_out_and_retried()
    {
        var sink = new FlakySink(failures: 0) { HangFirst = true };
        var options = Options.Create(new WorkerOptions
        {
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
            RetryMaxDelay = TimeSpan.FromMilliseconds(5),
            ApplyAttemptTimeout = TimeSpan.FromMilliseconds(200),
        });
        var applier = new BatchApplier(sink, _deadLetters, _metrics, _status, options, NullLogger<BatchApplier>.Instance);

        await applier.ApplyAsync(Batch(3), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(2, sink.Attempts);
        Assert.Equal(3, AppliedTotal);
    }

    [Fact]
    public async Task Rejected_messages_are_dead_lettered_next_to_the_applied_events()
    {
        var batch = Batch(3);
        batch.Rejected.Add(new RejectedMessage(Messages.At(0, 10), "not a valid event contract"));

        await Applier(new FlakySink(failures: 0)).ApplyAsync(batch, CancellationToken.None);

        Assert.Equal(3, AppliedTotal);
        Assert.Equal([10L], _deadLetters.Published.Select(m => m.Source.Offset.Value));
    }

    [Fact]
    public async Task An_event_the_store_refuses_is_dead_lettered_and_the_rest_of_the_batch_applied()
    {
        var sink = new FlakySink(failures: 0) { Refuse = e => e.RoomId == "room-1" };

        await Applier(sink).ApplyAsync(Batch(4), CancellationToken.None);

        var refused = Assert.Single(_deadLetters.Published);
        Assert.Equal(1, refused.Source.Offset.Value);
        Assert.Contains("refused by the store", refused.Reason);
        Assert.Equal(3, AppliedTotal);
    }

    [Fact]
    public async Task A_failing_dead_letter_topic_is_retried_too()
    {
        _deadLetters.Failures = 2;
        var batch = new DecodedBatch();
        batch.Rejected.Add(new RejectedMessage(Messages.At(0, 3), "bad"));

        await Applier(new FlakySink(failures: 0)).ApplyAsync(batch, CancellationToken.None);

        Assert.Equal(3, _deadLetters.Attempts);
        Assert.Single(_deadLetters.Published);
    }

    [Fact]
    public async Task A_small_batch_is_applied_inline_when_the_store_can()
    {
        var sink = new FlakySink(failures: 0) { InlineWorks = true };

        var applying = Applier(sink).ApplyAsync(Batch(3), CancellationToken.None);

        // Nothing was awaited: the batch is done when ApplyAsync returns, on the caller's thread.
        Assert.True(applying.IsCompletedSuccessfully);
        await applying;
        Assert.Equal(1, sink.InlineAttempts);
        Assert.Equal(0, sink.Attempts);
        Assert.Equal(3, DuplicateTotal);
        Assert.Equal(1, InlineBatches("applied"));
    }

    [Fact]
    public async Task A_batch_the_store_cannot_apply_inline_is_applied_whole_the_usual_way()
    {
        var sink = new FlakySink(failures: 1) { InlineWorks = false };

        await Applier(sink).ApplyAsync(Batch(3), CancellationToken.None);

        Assert.Equal(1, sink.InlineAttempts);
        Assert.Equal(2, sink.Attempts);
        Assert.Equal(3, AppliedTotal);
        Assert.Equal(0, DuplicateTotal);
        Assert.Equal(1, InlineBatches("fell_back"));
    }

    [Fact]
    public async Task A_batch_above_the_inline_bound_is_never_tried_inline()
    {
        var sink = new FlakySink(failures: 0) { InlineWorks = true };
        var options = Options.Create(new WorkerOptions { InlineApplyMaxEvents = 2 });
        var applier = new BatchApplier(sink, _deadLetters, _metrics, _status, options, NullLogger<BatchApplier>.Instance);

        await applier.ApplyAsync(Batch(3), CancellationToken.None);

        Assert.Equal(0, sink.InlineAttempts);
        Assert.Equal(0, InlineBatches("applied") + InlineBatches("fell_back"));
        Assert.Equal(1, sink.Attempts);
        Assert.Equal(3, AppliedTotal - DuplicateTotal);
    }

    [Fact]
    public async Task A_batch_failing_again_and_again_logs_its_stack_trace_once_then_a_line_per_attempt()
    {
        var logger = new FakeLogger<BatchApplier>();
        var applier = new BatchApplier(new FlakySink(failures: 3), _deadLetters, _metrics, _status, _options, logger);

        await applier.ApplyAsync(Batch(2), CancellationToken.None);

        var warnings = logger.Collector.GetSnapshot().Where(record => record.Level == LogLevel.Warning).ToList();
        Assert.Equal(3, warnings.Count);
        Assert.IsType<InvalidOperationException>(warnings[0].Exception);
        Assert.All(warnings.Skip(1), record => Assert.Null(record.Exception));
        Assert.Contains("InvalidOperationException: store unavailable (attempt 3)", warnings[2].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(typeof(InvalidOperationException), true)]
    [InlineData(typeof(TimeoutException), true)]
    [InlineData(typeof(TimeoutRejectedException), true)]
    [InlineData(typeof(OperationCanceledException), false)]
    [InlineData(typeof(RoomEventRejectedException), false)]
    public void Only_shutdown_and_refused_events_are_not_retried(Type exception, bool retried) =>
        Assert.Equal(retried, BatchApplier.IsTransient((Exception)Activator.CreateInstance(exception)!));

    public void Dispose()
    {
        _applied.Dispose();
        _inline.Dispose();
        _services.Dispose();
    }

    private BatchApplier Applier(IRoomEventSink sink) =>
        new(sink, _deadLetters, _metrics, _status, _options, NullLogger<BatchApplier>.Instance);

    private static DecodedBatch Batch(int count)
    {
        var batch = new DecodedBatch();
        for (var i = 0; i < count; i++)
        {
            batch.Events.Add(Messages.Created(1_764_000_000_000 + i, $"room-{i}"));
            batch.EventSources.Add(Messages.At(0, i));
        }

        return batch;
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!condition())
        {
            await Task.Delay(5, timeout.Token);
        }
    }

    private sealed class FlakySink(int failures) : IRoomEventSink
    {
        private int _attempts;

        public bool HangFirst { get; init; }

        /// <summary>Whether the inline path succeeds (it answers Duplicate for every event, to tell the paths apart).</summary>
        public bool InlineWorks { get; init; }

        public int InlineAttempts { get; private set; }

        public Func<RoomEvent, bool> Refuse { get; init; } = _ => false;

        public int Attempts => Volatile.Read(ref _attempts);

        public async Task<ApplyOutcome[]> ApplyBatchAsync(IReadOnlyList<RoomEvent> roomEvents, CancellationToken cancellationToken)
        {
            var attempt = Interlocked.Increment(ref _attempts);
            if (HangFirst && attempt == 1)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            if (attempt <= failures)
            {
                throw new InvalidOperationException($"store unavailable (attempt {attempt})");
            }

            if (roomEvents.FirstOrDefault(Refuse) is { } refused)
            {
                throw new RoomEventRejectedException($"{refused.RoomId}: time lies too far in the future");
            }

            return roomEvents.Select(_ => ApplyOutcome.Applied).ToArray();
        }

        public bool TryApplyBatchInline(IReadOnlyList<RoomEvent> roomEvents, [NotNullWhen(true)] out ApplyOutcome[]? outcomes)
        {
            InlineAttempts++;
            outcomes = InlineWorks ? roomEvents.Select(_ => ApplyOutcome.Duplicate).ToArray() : null;
            return outcomes is not null;
        }
    }

    private sealed class RecordingDeadLetters : IDeadLetterPublisher
    {
        public int Failures { get; set; }

        public int Attempts { get; private set; }

        public List<RejectedMessage> Published { get; } = [];

        public Task PublishAsync(IReadOnlyList<RejectedMessage> rejected, CancellationToken cancellationToken)
        {
            if (++Attempts <= Failures)
            {
                throw new InvalidOperationException("dead-letter topic unavailable");
            }

            Published.AddRange(rejected);
            return Task.CompletedTask;
        }
    }
}
