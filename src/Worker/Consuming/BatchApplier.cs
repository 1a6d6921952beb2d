using System.Diagnostics;
using KafkaRooms.Rooms.Redis;
using KafkaRooms.Worker.DeadLetters;
using KafkaRooms.Worker.Health;
using KafkaRooms.Worker.Telemetry;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace KafkaRooms.Worker.Consuming;

/// <summary>
/// Applies one decoded batch: its events through the store's batch API (many script calls in
/// flight; the rules do not care about order) and its rejected messages to the dead-letter
/// topic. Failures are retried with exponential backoff until they succeed or shutdown
/// abandons the batch, so the batch either completes whole or not at all.
/// </summary>
internal sealed class BatchApplier
{
    private readonly IRoomEventSink _sink;
    private readonly DeadLetterPublisher _deadLetters;
    private readonly WorkerMetrics _metrics;
    private readonly WorkerStatus _status;
    private readonly ResiliencePipeline _pipeline;

    public BatchApplier(
        IRoomEventSink sink,
        DeadLetterPublisher deadLetters,
        WorkerMetrics metrics,
        WorkerStatus status,
        IOptions<WorkerOptions> options,
        ILogger<BatchApplier> logger)
    {
        _sink = sink;
        _deadLetters = deadLetters;
        _metrics = metrics;
        _status = status;
        _pipeline = BuildPipeline(options.Value, metrics, status, logger);
    }

    public async Task ApplyAsync(DecodedBatch batch, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var deadLettering = batch.Rejected.Count == 0
            ? Task.CompletedTask
            : _pipeline.ExecuteAsync(
                static async (state, ct) => await state.Publisher.PublishAsync(state.Rejected, ct).ConfigureAwait(false),
                (Publisher: _deadLetters, batch.Rejected),
                cancellationToken).AsTask();

        ApplyOutcome[] outcomes = [];
        if (batch.Events.Count > 0)
        {
            outcomes = await _pipeline.ExecuteAsync(
                static async (state, ct) => await state.Sink.ApplyBatchAsync(state.Events, ct).ConfigureAwait(false),
                (Sink: _sink, batch.Events),
                cancellationToken).ConfigureAwait(false);
        }

        await deadLettering.ConfigureAwait(false);
        _metrics.Applied(outcomes);
        _metrics.BatchApplied(Stopwatch.GetElapsedTime(started));
        _status.BatchSucceeded();
    }

    private static ResiliencePipeline BuildPipeline(
        WorkerOptions options, WorkerMetrics metrics, WorkerStatus status, ILogger logger) =>
        new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                // Never give up while running: skipping would lose events, and an outage ends.
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.RetryMaxDelay,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not OperationCanceledException || ex is TimeoutRejectedException),
                OnRetry = args =>
                {
                    metrics.Retried();
                    status.BatchFailed();
                    if (args.Outcome.Exception is { } exception)
                    {
                        WorkerLog.BatchRetrying(logger, exception, args.AttemptNumber + 1, args.RetryDelay);
                    }

                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(options.ApplyAttemptTimeout)
            .Build();
}
