using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using KafkaRooms.Rooms.Reading;

namespace KafkaRooms.Worker.Reconciliation;

/// <summary>The reconciler's instruments (meter <see cref="MeterName"/>), exported to Prometheus (docs/reconciliation.md, "Metrics").</summary>
internal sealed class ReconciliationMetrics
{
    public const string MeterName = "KafkaRooms.Reconciliation";

    private readonly Counter<long> _calls;
    private readonly Counter<long> _errors;
    private readonly Counter<long> _corrections;
    private readonly Counter<long> _observations;
    private readonly ConcurrentDictionary<uint, IReadOnlyDictionary<SuspectReasons, long>> _suspects = new();

    public ReconciliationMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _calls = meter.CreateCounter<long>(
            "kafkarooms.reconcile.calls", "{request}", "Requests (pages) to ZEGO's DescribeUserList, by app and outcome (ok or the error's kind).");
        _errors = meter.CreateCounter<long>(
            "kafkarooms.reconcile.errors", "{error}", "Failed server-API calls, Redis reads and publishes of the reconciler, by app and reason.");
        _corrections = meter.CreateCounter<long>(
            "kafkarooms.reconcile.corrections", "{event}", "Corrective events published, by app and kind (room_closed, user_logged_out, user_logged_in).");
        _observations = meter.CreateCounter<long>(
            "kafkarooms.reconcile.observations", "{observation}", "Rooms compared with ZEGO, by app and result (in_sync, differs, confirmed, changed).");
        meter.CreateObservableGauge(
            "kafkarooms.rooms.suspect", ObserveSuspects, "{room}",
            "Open rooms judged suspect at the last census, by app and reason (docs/rules.md §8); pending_users counts lifecycles. Reported by the replica holding the app's lease.");
    }

    public void Called(uint appId, string outcome) => _calls.Add(1, App(appId), new("outcome", outcome));

    public void Failed(uint appId, string reason) => _errors.Add(1, App(appId), new("reason", reason));

    public void Corrected(uint appId, string kind) => _corrections.Add(1, App(appId), new("kind", kind));

    public void Observed(uint appId, string result) => _observations.Add(1, App(appId), new("result", result));

    public void SetSuspects(uint appId, IReadOnlyDictionary<SuspectReasons, long> counts) => _suspects[appId] = counts;

    /// <summary>The app's lease went to another replica: it reports the gauge now.</summary>
    public void ForgetSuspects(uint appId) => _suspects.TryRemove(appId, out _);

    private IEnumerable<Measurement<long>> ObserveSuspects() =>
        _suspects.SelectMany(app => app.Value.Select(reason =>
            new Measurement<long>(reason.Value, App(app.Key), new("reason", reason.Key.ToWireName()))));

    private static KeyValuePair<string, object?> App(uint appId) => new("app", appId.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
