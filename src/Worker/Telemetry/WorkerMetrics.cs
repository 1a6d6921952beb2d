using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Confluent.Kafka;
using KafkaRooms.Rooms.Redis;

namespace KafkaRooms.Worker.Telemetry;

/// <summary>The Worker's instruments (meter <see cref="MeterName"/>), exported to Prometheus.</summary>
internal sealed class WorkerMetrics
{
    public const string MeterName = "KafkaRooms.Worker";

    private static readonly double[] BatchBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly Counter<long> _consumed;
    private readonly Counter<long> _outcomes;
    private readonly Counter<long> _deadLettered;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _inlineBatches;
    private readonly Histogram<double> _batchDuration;
    private readonly Counter<long> _repairs;
    private readonly Counter<long> _repairMessages;
    private readonly Counter<long> _checkpointFailures;
    private int _repairing;
    private readonly ConcurrentDictionary<TopicPartition, long> _lag = new();

    public WorkerMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _consumed = meter.CreateCounter<long>("kafkarooms.worker.events.consumed", "{event}", "Messages taken from the callbacks topic.");
        _outcomes = meter.CreateCounter<long>(
            "kafkarooms.worker.events.applied", "{event}", "Events whose script call returned, by outcome (applied, duplicate, stale, expired).");
        _deadLettered = meter.CreateCounter<long>("kafkarooms.worker.events.dead_lettered", "{event}", "Messages written to the dead-letter topic.");
        _retries = meter.CreateCounter<long>("kafkarooms.worker.batch.retries", "{retry}", "Batch attempts that failed and were retried.");
        _inlineBatches = meter.CreateCounter<long>(
            "kafkarooms.worker.batch.inline", "{batch}", "Small batches tried inline on the poll thread, by outcome (applied, fell_back: applied the usual way).");
        _batchDuration = meter.CreateHistogram<double>(
            "kafkarooms.worker.batch.duration",
            "s",
            "Time to apply one batch (all events and dead letters), retries included.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = BatchBuckets });
        _repairs = meter.CreateCounter<long>(
            "kafkarooms.worker.repairs", "{repair}", "Partitions sought back to re-apply what a Redis primary lost, by reason (docs/rules.md §7).");
        _repairMessages = meter.CreateCounter<long>(
            "kafkarooms.worker.repair.messages", "{message}", "Messages applied again by repairs (events a primary that lost writes lacked).");
        _checkpointFailures = meter.CreateCounter<long>(
            "kafkarooms.worker.checkpoint.failures", "{failure}", "Checkpoint reads and writes that failed (offsets are not stored meanwhile).");
        meter.CreateObservableGauge(
            "kafkarooms.worker.repair.partitions", () => Volatile.Read(ref _repairing), "{partition}", "Partitions being repaired now.");
        meter.CreateObservableGauge(
            "kafkarooms.worker.consumer.lag",
            ObserveLag,
            "{message}",
            "Messages behind the partition's high watermark, per assigned partition.");
    }

    public void Consumed(int count) => _consumed.Add(count);

    public void Applied(IReadOnlyList<ApplyOutcome> outcomes)
    {
        Span<long> counts = stackalloc long[4];
        foreach (var outcome in outcomes)
        {
            counts[(int)outcome]++;
        }

        for (var i = 0; i < counts.Length; i++)
        {
            if (counts[i] > 0)
            {
                _outcomes.Add(counts[i], new KeyValuePair<string, object?>("outcome", OutcomeName((ApplyOutcome)i)));
            }
        }
    }

    public void DeadLettered(int count) => _deadLettered.Add(count);

    public void Retried() => _retries.Add(1);

    public void Inline(bool applied) =>
        _inlineBatches.Add(1, new KeyValuePair<string, object?>("outcome", applied ? "applied" : "fell_back"));

    public void BatchApplied(TimeSpan duration) => _batchDuration.Record(duration.TotalSeconds);

    public void Repaired(string reason) => _repairs.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void RepairMessages(int count)
    {
        if (count > 0)
        {
            _repairMessages.Add(count);
        }
    }

    public void CheckpointFailed() => _checkpointFailures.Add(1);

    public void SetRepairing(int partitions) => Volatile.Write(ref _repairing, partitions);

    public void SetLag(TopicPartition partition, long lag) => _lag[partition] = Math.Max(0, lag);

    public void ForgetLag(IEnumerable<TopicPartition> partitions)
    {
        foreach (var partition in partitions)
        {
            _lag.TryRemove(partition, out _);
        }
    }

    private IEnumerable<Measurement<long>> ObserveLag() =>
        _lag.Select(p => new Measurement<long>(
            p.Value,
            new KeyValuePair<string, object?>("topic", p.Key.Topic),
            new KeyValuePair<string, object?>("partition", p.Key.Partition.Value)));

    private static string OutcomeName(ApplyOutcome outcome) => outcome switch
    {
        ApplyOutcome.Applied => "applied",
        ApplyOutcome.Duplicate => "duplicate",
        ApplyOutcome.Stale => "stale",
        ApplyOutcome.Expired => "expired",
        _ => "unknown",
    };
}
