using System.Diagnostics.Metrics;

namespace KafkaRooms.Ingest.Telemetry;

/// <summary>
/// Ingest's instruments (meter <see cref="MeterName"/>), scraped at /metrics. Tag values come
/// from small fixed sets, never from the request, so a caller cannot blow up cardinality.
/// </summary>
internal sealed class IngestMetrics
{
    public const string MeterName = "KafkaRooms.Ingest";

    private readonly Counter<long> _callbacks;
    private readonly Counter<long> _rejects;
    private readonly Counter<long> _signatureFailures;
    private readonly Histogram<double> _publishDuration;

    public IngestMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _callbacks = meter.CreateCounter<long>(
            "kafkarooms.ingest.callbacks", "{callback}", "Callbacks answered, by ZEGO event and outcome.");
        _rejects = meter.CreateCounter<long>(
            "kafkarooms.ingest.rejects", "{callback}", "Callbacks refused with a 4xx, by reason.");
        _signatureFailures = meter.CreateCounter<long>(
            "kafkarooms.ingest.signature_failures", "{callback}", "Callbacks whose signature check failed, by reason.");
        _publishDuration = meter.CreateHistogram<double>(
            "kafkarooms.ingest.publish.duration", "s", "From produce to Kafka's delivery report (or giving up).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
    }

    /// <param name="eventName">A tracked ZEGO event name, "other" (untracked kinds) or "unknown" (unreadable).</param>
    /// <param name="outcome">published, ignored, rejected or unavailable.</param>
    public void CallbackAnswered(string eventName, string outcome) =>
        _callbacks.Add(1, new KeyValuePair<string, object?>("event", eventName), new KeyValuePair<string, object?>("outcome", outcome));

    public void Rejected(string reason) =>
        _rejects.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void SignatureFailed(string reason) =>
        _signatureFailures.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <param name="result">confirmed, failed or timeout.</param>
    public void Published(TimeSpan elapsed, string result) =>
        _publishDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("result", result));
}
