using System.Diagnostics;
using KafkaRooms.Rooms.Contract;
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
/// flight; the rules do not care about order), then its rejected messages to the dead-letter
/// topic. Failures are retried with exponential backoff until they succeed or shutdown
/// abandons the batch, so the batch either completes whole or not at all.
/// </summary>
internal sealed class BatchApplier
{
    private readonly IRoomEventSink _sink;
    private readonly IDeadLetterPublisher _deadLetters;
    private readonly WorkerMetrics _metrics;
    private readonly WorkerStatus _status;
    private readonly ResiliencePipeline _pipeline;
    private readonly int _inlineMaxEvents;

    public BatchApplier(
        IRoomEventSink sink,
        IDeadLetterPublisher deadLetters,
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
        _inlineMaxEvents = options.Value.InlineApplyMaxEvents;
    }

    public async Task ApplyAsync(DecodedBatch batch, CancellationToken cancellationToken)
    {
        using var activity = BatchTracing.StartApply(batch);
        var started = Stopwatch.GetTimestamp();
        var rejected = batch.Rejected;
        if (batch.Events.Count > 0)
        {
            try
            {
                // A small batch is applied by the calling (poll) thread when it can; a batch that
                // cannot (Redis slow or down, see RoomStore.TryApplyValidatedBatchInline) is
                // applied whole the usual way, with its retries.
                _metrics.Applied(
                    TryInline(batch.Events) is { } inline ? inline : await ApplyWithRetriesAsync(batch.Events, cancellationToken).ConfigureAwait(false));
            }
            catch (RoomEventRejectedException)
            {
                // The store refused an event outright (retrying cannot help): apply them one by one
                // so that only the refused ones are dead-lettered.
                rejected = [.. rejected, .. await ApplyOneByOneAsync(batch, cancellationToken).ConfigureAwait(false)];
            }
        }

        if (rejected.Count > 0)
        {
            await _pipeline.ExecuteAsync(
                static async (state, ct) => await state.Publisher.PublishAsync(state.rejected, ct).ConfigureAwait(false),
                (Publisher: _deadLetters, rejected),
                cancellationToken).ConfigureAwait(false);
        }

        _metrics.BatchApplied(Stopwatch.GetElapsedTime(started));
        _status.BatchSucceeded();
    }

    private ApplyOutcome[]? TryInline(IReadOnlyList<RoomEvent> events)
    {
        if (events.Count > _inlineMaxEvents)
        {
            return null;
        }

        var applied = _sink.TryApplyBatchInline(events, out var outcomes);
        _metrics.Inline(applied);
        return outcomes;
    }

    private async Task<List<RejectedMessage>> ApplyOneByOneAsync(DecodedBatch batch, CancellationToken cancellationToken)
    {
        var refused = new List<RejectedMessage>();
        for (var i = 0; i < batch.Events.Count; i++)
        {
            try
            {
                _metrics.Applied(await ApplyWithRetriesAsync([batch.Events[i]], cancellationToken).ConfigureAwait(false));
            }
            catch (RoomEventRejectedException ex)
            {
                refused.Add(new RejectedMessage(batch.EventSources[i], $"refused by the store: {ex.Message}"));
            }
        }

        return refused;
    }

    private async Task<ApplyOutcome[]> ApplyWithRetriesAsync(IReadOnlyList<RoomEvent> events, CancellationToken cancellationToken) =>
        await _pipeline.ExecuteAsync(
            static async (state, ct) => await state.Sink.ApplyBatchAsync(state.events, ct).ConfigureAwait(false),
            (Sink: _sink, events),
            cancellationToken).ConfigureAwait(false);

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
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
                OnRetry = args =>
                {
                    metrics.Retried();
                    status.BatchFailed();
                    // Through an outage a batch retries every few seconds for as long as it lasts:
                    // the stack trace once, then a line per attempt.
                    if (args.Outcome.Exception is { } exception)
                    {
                        if (args.AttemptNumber == 0)
                        {
                            WorkerLog.BatchRetrying(logger, exception, args.AttemptNumber + 1, args.RetryDelay);
                        }
                        else
                        {
                            WorkerLog.BatchFailedAgain(logger, args.AttemptNumber + 1, exception.GetType().Name, exception.Message, args.RetryDelay);
                        }
                    }

                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(options.ApplyAttemptTimeout)
            .Build();

    /// <summary>Everything but shutdown and a refused event is worth another attempt (Redis down, timeouts, Kafka).</summary>
    internal static bool IsTransient(Exception exception) => exception switch
    {
        TimeoutRejectedException => true,
        OperationCanceledException => false,
        RoomEventRejectedException => false,
        _ => true,
    };
}
