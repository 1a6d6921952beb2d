using System.Diagnostics.Metrics;
using KafkaRooms.Ingest.Telemetry;
using KafkaRooms.Rooms.Contract;

namespace KafkaRooms.Ingest.Callbacks;

/// <summary>
/// The callback checks' own instruments, on Ingest's meter (<see cref="IngestMetrics.MeterName"/>):
/// what was cleaned instead of refused, and which secret verified a signature (to follow a
/// secret rotation). Tag values come from fixed sets, never from the request.
/// </summary>
internal sealed class CallbackMetrics
{
    private readonly Counter<long> _cleaned;
    private readonly Counter<long> _verified;

    public CallbackMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(IngestMetrics.MeterName);
        _cleaned = meter.CreateCounter<long>(
            "kafkarooms.ingest.cleaned_fields", "{field}", "Informational fields cleaned (not refused), by contract field.");
        _verified = meter.CreateCounter<long>(
            "kafkarooms.ingest.signatures_verified", "{callback}", "Callbacks whose signature verified, by secret (current or next).");
    }

    public void Cleaned(CleanedFields cleaned)
    {
        // Almost every callback is clean: no enumerator for them.
        if (cleaned == CleanedFields.None)
        {
            return;
        }

        foreach (var field in cleaned.FieldNames())
        {
            _cleaned.Add(1, new KeyValuePair<string, object?>("field", field));
        }
    }

    public void Verified(CallbackAuthentication result)
    {
        if (result is CallbackAuthentication.Verified or CallbackAuthentication.VerifiedWithNextSecret)
        {
            _verified.Add(1, new KeyValuePair<string, object?>("secret", result == CallbackAuthentication.Verified ? "current" : "next"));
        }
    }
}
