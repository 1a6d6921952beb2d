using System.Globalization;
using System.Text.RegularExpressions;
using KafkaRooms.FakeZego.ServerApi;
using KafkaRooms.Testing;
using KafkaRooms.Testing.Kafka;
using KafkaRooms.Testing.Redis;
using static KafkaRooms.Reconciliation.IntegrationTests.Callbacks;
using static KafkaRooms.Reconciliation.IntegrationTests.ReconciliationWorld;

namespace KafkaRooms.Reconciliation.IntegrationTests;

/// <summary>
/// The built Worker as its own process, configured from the environment as in production: its
/// Prometheus /metrics carries the suspicion gauge by reason and the reconciler's counters
/// (docs/reconciliation.md, "What a correction looks like").
/// </summary>
[Collection(ReconciliationCollection.Name)]
public sealed partial class MetricsEndpointTests(KafkaFixture kafka, RedisServerFixture redis)
{
    [Fact]
    public async Task The_worker_process_serves_suspect_rooms_by_reason_and_corrections_by_kind_on_metrics()
    {
        await using var world = await CreateAsync(kafka, redis, [App]);
        var old = NowMs - 600_000;
        await world.PublishAsync(
            // Silent and in agreement with ZEGO: stays suspect, never corrected.
            Created("quiet", 1, old), Login("quiet", 1, old + 1, "u1", "s1"),
            // Empty and silent, and ZEGO lists nobody: its close was lost; corrected.
            Created("dead", 1, old));
        world.Zego.Rooms.SetUsers(App, "quiet", [new ZegoRoomUser("u1", "nick u1")]);

        var settings = world.Settings();
        settings["Suspicion:SilentFor"] = "00:05:00";
        var environment = settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!);
        await using var worker = await ServiceProcess.StartAsync(RepositoryLayout.Program("Worker"), "worker", environment);
        using var http = new HttpClient { BaseAddress = worker.Url, Timeout = TimeSpan.FromSeconds(10) };

        // What the app settles at: "dead" closed by one correction, "quiet" still silent.
        var expected = new Dictionary<(string Metric, string Label), long>
        {
            [("kafkarooms_rooms_suspect", "reason=\"silent\"")] = 1,
            [("kafkarooms_rooms_suspect", "reason=\"empty\"")] = 0,
            [("kafkarooms_rooms_suspect", "reason=\"pending_users\"")] = 0,
            [("kafkarooms_reconcile_corrections_total", "kind=\"room_closed\"")] = 1,
        };
        var seen = new Dictionary<(string, string), long>();
        await WaitUntilAsync(async () =>
        {
            seen = Samples(await http.GetStringAsync("metrics"));
            return expected.All(e => seen.TryGetValue(e.Key, out var value) && value == e.Value);
        }, TimeSpan.FromSeconds(60), "the Worker's /metrics shows the gauge and the correction");

        Assert.True(seen.GetValueOrDefault(("kafkarooms_reconcile_calls_total", "outcome=\"ok\"")) >= 2, "both rooms were asked");
        Assert.False(seen.ContainsKey(("kafkarooms_reconcile_corrections_total", "kind=\"user_logged_out\"")));
        Assert.Equal(new[] { "dead" }, world.Corrections().Select(e => e.RoomId));
    }

    // Samples of the app's series: (metric, its other label) -> value.
    private static Dictionary<(string, string), long> Samples(string prometheusText)
    {
        var samples = new Dictionary<(string, string), long>();
        foreach (Match match in Sample().Matches(prometheusText))
        {
            var labels = match.Groups["labels"].Value;
            if (!labels.Contains($"app=\"{App}\"", StringComparison.Ordinal))
            {
                continue;
            }

            var other = labels.Split(',').Single(l => l.StartsWith("reason=", StringComparison.Ordinal)
                || l.StartsWith("kind=", StringComparison.Ordinal) || l.StartsWith("outcome=", StringComparison.Ordinal) || l.StartsWith("result=", StringComparison.Ordinal));
            samples[(match.Groups["metric"].Value, other)] = long.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
        }

        return samples;
    }

    [GeneratedRegex(@"^(?<metric>kafkarooms_(?:rooms_suspect|reconcile_\w+))\{(?<labels>[^}]*)\} (?<value>\d+)", RegexOptions.Multiline)]
    private static partial Regex Sample();
}
