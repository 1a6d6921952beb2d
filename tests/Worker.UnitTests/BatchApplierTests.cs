using KafkaRooms.Rooms.Contract;
using KafkaRooms.Rooms.Kafka;
using KafkaRooms.Rooms.Redis;
using KafkaRooms.Worker.Consuming;
using KafkaRooms.Worker.DeadLetters;
using KafkaRooms.Worker.Health;
using KafkaRooms.Worker.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KafkaRooms.Worker.UnitTests;

/// <summary>The retry policy around the store (the store itself is tested against Redis elsewhere).</summary>
public sealed class BatchApplierTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly WorkerStatus _status = new();
    private readonly WorkerMetrics _metrics;
    private readonly DeadLetterPublisher _deadLetters;
    private readonly IOptions<WorkerOptions> _options = Options.Create(new WorkerOptions
    {
        RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        RetryMaxDelay = TimeSpan.FromMilliseconds(5),
    });

    public BatchApplierTests()
    {
        _metrics = new WorkerMetrics(_services.GetRequiredService<IMeterFactory>());
        // Never used by these batches (nothing is rejected), so it needs no broker.
        _deadLetters = new DeadLetterPublisher(
            Options.Create(new KafkaOptions { BootstrapServers = "127.0.0.1:1" }), _options, _metrics, NullLogger<DeadLetterPublisher>.Instance);
    }

    [Fact]
    public async Task A_failing_store_is_retried_until_the_whole_batch_is_applied()
    {
        var sink = new FlakySink(failures: 3);
        var applier = new BatchApplier(sink, _deadLetters, _metrics, _status, _options, NullLogger<BatchApplier>.Instance);

        await applier.ApplyAsync(Batch(5), CancellationToken.None);

        Assert.Equal(4, sink.Attempts);
        Assert.Equal(5, _metrics.AppliedTotal);
        Assert.Null(_status.FailingFor);
    }

    [Fact]
    public async Task While_retrying_the_status_reports_failing()
    {
        var sink = new FlakySink(failures: int.MaxValue);
        var applier = new BatchApplier(sink, _deadLetters, _metrics, _status, _options, NullLogger<BatchApplier>.Instance);
        using var stop = new CancellationTokenSource();

        var applying = applier.ApplyAsync(Batch(2), stop.Token);
        await WaitUntil(() => sink.Attempts >= 3);

        Assert.NotNull(_status.FailingFor);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => applying);
        Assert.Equal(0, _metrics.AppliedTotal);
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
        Assert.Equal(3, _metrics.AppliedTotal);
    }

    public void Dispose()
    {
        _deadLetters.Dispose();
        _services.Dispose();
    }

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

            return roomEvents.Select(_ => ApplyOutcome.Applied).ToArray();
        }
    }
}
