using KafkaRooms.Testing.Kafka;
using KafkaRooms.Testing.Redis;
using static KafkaRooms.Reconciliation.IntegrationTests.Callbacks;
using static KafkaRooms.Reconciliation.IntegrationTests.ReconciliationWorld;

namespace KafkaRooms.Reconciliation.IntegrationTests;

/// <summary>The suspicion gauge (docs/rules.md §8) of an app named under Zego:Apps without a server secret: watched, never reconciled.</summary>
[Collection(ReconciliationCollection.Name)]
public sealed class SuspicionCensusTests(KafkaFixture kafka, RedisServerFixture redis)
{
    [Fact]
    public async Task The_gauge_counts_suspect_rooms_by_reason_and_an_app_without_server_secret_is_never_reconciled()
    {
        await using var world = await CreateAsync(kafka, redis, [App]);
        var now = NowMs;
        var old = now - 600_000;
        await world.PublishAsync(
            // Empty and silent: created ten minutes ago, nobody came.
            Created("empty", 1, old),
            // Fine: a user came a moment ago.
            Created("lively", 1, old), Login("lively", 1, now - 100, "u1", "s1"),
            // Silent, and users of its next lifecycle wait for a create that was lost.
            Created("stale", 1, old), Login("stale", 1, old + 1, "u2", "s2"), Login("stale", 2, old + 10, "u3", "s3"),
            // Users of a lifecycle whose create never came, in a room not open at all.
            Login("hidden", 4, old, "u4", "s4"));
        var worker = await world.StartWorkerAsync(settings =>
        {
            settings.Remove($"Zego:Apps:{App}:ServerSecret");
            settings[$"Zego:Apps:{App}:CallbackSecret"] = "Ingest's setting, not the Worker's";
            settings["Suspicion:EmptyFor"] = "00:01:00";
            settings["Suspicion:SilentFor"] = "00:05:00";
            settings["Suspicion:PendingFor"] = "00:05:00";
        });

        var expected = new Dictionary<string, long> { ["empty"] = 1, ["silent"] = 2, ["pending_users"] = 2 };
        IReadOnlyDictionary<string, long> counted = new Dictionary<string, long>();
        await WaitUntilAsync(
            () => Task.FromResult((counted = worker.Suspects(App)).Count == 3 && expected.All(e => counted[e.Key] == e.Value)),
            TimeSpan.FromSeconds(30), "the gauge counts the suspect rooms");
        Assert.Single(worker.LogsContaining("census lease taken"));

        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Empty(world.Zego.Requests.All);
        Assert.Equal(0, worker.AllCalls());
    }
}
