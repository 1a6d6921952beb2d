using KafkaRooms.FakeZego.ServerApi;
using KafkaRooms.Testing.Kafka;
using KafkaRooms.Testing.Redis;
using Microsoft.Extensions.Logging;
using static KafkaRooms.Reconciliation.IntegrationTests.Callbacks;
using static KafkaRooms.Reconciliation.IntegrationTests.ReconciliationWorld;

namespace KafkaRooms.Reconciliation.IntegrationTests;

/// <summary>
/// A server API that fails, limits or answers garbage: no answer short of a complete, well-formed
/// list may look like an empty room or a missing user, so nothing is corrected; each failure is
/// counted and logged, and calls back off.
/// </summary>
[Collection(ReconciliationCollection.Name)]
public sealed class ServerApiFaultTests(KafkaFixture kafka, RedisServerFixture redis)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    // Rooms every fault would otherwise have corrected: a dead room, a ghost, a missing user.
    private static async Task<ReconciliationWorld> WorldWithDifferencesAsync(KafkaFixture kafka, RedisServerFixture redis)
    {
        var world = await CreateAsync(kafka, redis, [App]);
        var t0 = NowMs - 60_000;
        await world.PublishAsync(
            Created("dead", 3, t0), Login("dead", 3, t0 + 1, "u1", "s1"),
            Created("busy", 4, t0), Login("busy", 4, t0 + 1, "u2", "s2"), Login("busy", 4, t0 + 2, "ghost", "s3"));
        world.Zego.Rooms.SetUsers(App, "busy", [new ZegoRoomUser("u2", "U2"), new ZegoRoomUser("late", "Late")]);
        return world;
    }

    [Theory]
    [InlineData(ServerApiFault.HttpError, "http_error")]
    [InlineData(ServerApiFault.RateLimited, "rate_limited")]
    [InlineData(ServerApiFault.TooManyRequests, "rate_limited")]
    [InlineData(ServerApiFault.Malformed, "malformed")]
    [InlineData(ServerApiFault.Huge, "too_large")]
    [InlineData(ServerApiFault.ErrorCode, "api_error")]
    [InlineData(ServerApiFault.MissingUserList, "malformed")]
    [InlineData(ServerApiFault.WrongTypes, "malformed")]
    public async Task A_failing_server_api_makes_no_correction_and_each_failure_is_counted_and_logged(ServerApiFault fault, string outcome)
    {
        await using var world = await WorldWithDifferencesAsync(kafka, redis);
        world.Zego.Fault = fault;
        var worker = await world.StartWorkerAsync();

        await WaitUntilAsync(() => Task.FromResult(worker.Errors(outcome) >= 4), Settle, $"four {outcome} failures");
        await world.WaitUntilAppliedAsync(Settle);

        Assert.Empty(world.Corrections());
        Assert.Equal(0, worker.AllCorrections());
        Assert.Equal(worker.AllCalls(), worker.Calls(outcome));
        var logged = worker.LogsContaining($"failed ({outcome})");
        Assert.True(logged.Count >= 4, $"{logged.Count} failures logged");
        Assert.All(logged, record => Assert.Equal(LogLevel.Warning, record.Level));
        var state = await world.ReadStateAsync();
        Assert.Equal(["busy", "dead"], state.Keys.Select(k => k.Room).Order(StringComparer.Ordinal));
        Assert.Equal(["ghost", "u2"], state[(App, "busy")].OnlineSessions.Select(s => s.UserAccount));

        // Backing off: after each failure the next request waits at least Reconciliation:BackoffBase (0.2 s).
        var faulted = world.Zego.Requests.All.Where(r => r.Outcome == ServerApiOutcome.Faulted).Select(r => r.At).Order().ToList();
        Assert.All(faulted.Zip(faulted.Skip(1)), pair => Assert.True(pair.Second - pair.First >= TimeSpan.FromMilliseconds(180), $"{pair.Second - pair.First} between failed requests"));
    }

    [Fact]
    public async Task Once_the_server_api_answers_again_the_differences_are_corrected()
    {
        await using var world = await WorldWithDifferencesAsync(kafka, redis);
        world.Zego.Fault = ServerApiFault.HttpError;
        var worker = await world.StartWorkerAsync();
        await WaitUntilAsync(() => Task.FromResult(worker.Errors("http_error") >= 2), Settle, "two failures");

        world.Zego.Fault = ServerApiFault.None;
        var reader = world.Reader();
        await WaitUntilAsync(
            async () => await reader.GetRoomAsync(App, "dead") is null
                && (await reader.GetRoomAsync(App, "busy"))?.Users.Select(u => u.UserAccount).SequenceEqual(["late", "u2"]) == true,
            Settle, "the dead room closed, the ghost out and the late user in");
        Assert.Equal((1, 1, 1), (worker.Corrections("room_closed"), worker.Corrections("user_logged_out"), worker.Corrections("user_logged_in")));
    }

    [Fact]
    public async Task A_wrong_server_secret_is_refused_by_ZEGO_and_corrects_nothing()
    {
        await using var world = await WorldWithDifferencesAsync(kafka, redis);
        var worker = await world.StartWorkerAsync(settings => settings[$"Zego:Apps:{App}:ServerSecret"] = "not-the-secret");

        await WaitUntilAsync(() => Task.FromResult(worker.Errors("api_error") >= 2), Settle, "two refusals");

        Assert.True(world.Zego.Requests.Count(ServerApiOutcome.BadSignature) >= 2);
        Assert.Equal(0, world.Zego.Requests.Count(ServerApiOutcome.Answered));
        Assert.Empty(world.Corrections());
        // The secret is never written to the log, right or wrong.
        Assert.DoesNotContain(worker.Logs.GetSnapshot(), record => record.Message.Contains("not-the-secret", StringComparison.Ordinal));
    }
}
