using CsCheck;
using KafkaRooms.RoomHistories;
using KafkaRooms.Rooms.Contract;
using KafkaRooms.Rooms.Redis;
using KafkaRooms.Testing.Redis;
using StackExchange.Redis;
using static KafkaRooms.Rooms.IntegrationTests.Events;
using static KafkaRooms.Rooms.IntegrationTests.FreshnessAndFeedChecks;

namespace KafkaRooms.Rooms.IntegrationTests;

/// <summary>
/// The inline path (<see cref="RoomStore.TryApplyValidatedBatchInline"/>: a small batch's script
/// calls written and answered on the calling thread, one blocking connection per primary) against
/// the reference model, and what it does when it cannot finish a batch.
/// </summary>
public abstract class InlineApplyTests(RedisTarget target)
{
    private static readonly long BaseTime = StateHarness.Now - 600_000;

    [Fact]
    public async Task Inline_batches_agree_with_the_model_the_freshness_data_and_the_feed_after_every_batch()
    {
        await ScriptConnections.LoadRuleScriptEverywhereAsync(target);
        await Gen.Int.Select(Gen.Double[0, 0.3]).SampleAsync(async (seed, duplicateRate) =>
        {
            var random = new Random(seed);
            var history = RoomHistoryGenerator.Generate(random, BaseTime, new HistorySizes(Apps: 2, RoomsPerApp: 8, MaxLifecyclesPerRoom: 3, MaxUsersPerLifecycle: 4));
            var delivery = history.Delivery(random, duplicateRate).Select(e => InformationalFields.Clean(e)).ToList();
            var h = new StateHarness(target, bucketCount: 3);
            var model = new RoomRulesModel();
            var delivered = new List<RoomEvent>();

            for (var start = 0; start < delivery.Count;)
            {
                var batch = delivery.GetRange(start, Math.Min(random.Next(1, 60), delivery.Count - start));
                start += batch.Count;
                var context = $"seed {seed}, after {start} of {delivery.Count} events";

                Assert.True(h.Store.TryApplyValidatedBatchInline(batch, out var outcomes), $"{context}: the inline path gave up");
                var expected = batch.Select(e => model.Apply(e, StateHarness.Now)).ToList();
                delivered.AddRange(batch);
                Assert.True(expected.SequenceEqual(outcomes), $"{context}: outcomes {string.Join(",", outcomes)} != model {string.Join(",", expected)}");
                await AssertStateAndFreshnessAsync(h, model.OpenRooms(), delivered, history.AppIds, context);
            }

            await AssertReplayChangesNothingAsync(h, delivery, history.AppIds);
        }, iter: 6);
    }

    [Fact]
    public async Task After_Redis_forgot_its_scripts_an_inline_batch_changes_nothing_and_the_usual_path_applies_it()
    {
        var h = new StateHarness(target);
        await ScriptConnections.LoadRuleScriptEverywhereAsync(target);
        Assert.True(h.Store.TryApplyValidatedBatchInline([Created("inline-noscript-a", 7, T0)], out _));
        await target.FlushScriptsAsync();

        Assert.False(h.Store.TryApplyValidatedBatchInline([Created("inline-noscript-b", 7, T0)], out _));
        Assert.Null(await h.Reader.GetRoomAsync(1, "inline-noscript-b"));

        Assert.Equal([ApplyOutcome.Applied], await h.Store.ApplyValidatedBatchAsync([Created("inline-noscript-b", 7, T0)]));
        // NOSCRIPT is an answer, not a failure: the connection stays, and the next batch goes inline.
        Assert.True(h.Store.TryApplyValidatedBatchInline([Created("inline-noscript-b", 7, T0)], out var again));
        Assert.Equal([ApplyOutcome.Duplicate], again);
    }

    [Fact]
    public async Task A_broken_inline_connection_rests_the_inline_path_then_reconnects()
    {
        var h = new StateHarness(target);
        await ScriptConnections.LoadRuleScriptEverywhereAsync(target);
        // One room throughout: on the cluster its calls go to one primary, the one whose connection is killed.
        Assert.True(h.Store.TryApplyValidatedBatchInline([Created("inline-broken", 7, T0)], out _));
        await ScriptConnections.KillAsync(target, InlineScriptConnection.ClientName);

        Assert.False(h.Store.TryApplyValidatedBatchInline([Closed("inline-broken", 7, T0 + 1)], out _));
        // Resting: not even tried, nothing applied.
        Assert.False(h.Store.TryApplyValidatedBatchInline([Closed("inline-broken", 7, T0 + 1)], out _));
        Assert.NotNull(await h.Reader.GetRoomAsync(1, "inline-broken"));

        h.Clock.Advance(OwnConnectionPath.RestAfterFailure);
        Assert.True(h.Store.TryApplyValidatedBatchInline([Closed("inline-broken", 7, T0 + 1)], out var outcomes));
        Assert.Equal([ApplyOutcome.Applied], outcomes);
        Assert.Null(await h.Reader.GetRoomAsync(1, "inline-broken"));
    }

    [Fact]
    public async Task An_event_the_script_finds_in_the_future_leaves_the_batch_to_the_usual_path()
    {
        var h = new StateHarness(target);
        await ScriptConnections.LoadRuleScriptEverywhereAsync(target);
        // Past the validator (which would refuse it), as a Worker whose clock runs behind Ingest's.
        var future = Created("inline-future", 7, StateHarness.Now + (long)h.Options.MaxClockSkew.TotalMilliseconds + 60_000);

        Assert.False(h.Store.TryApplyValidatedBatchInline([future], out _));
        Assert.Null(await h.Reader.GetRoomAsync(1, "inline-future"));
        await Assert.ThrowsAsync<RoomEventRejectedException>(() => h.Store.ApplyValidatedBatchAsync([future]));
    }
}

[Collection(RedisCollection.Name)]
public sealed class InlineApplyTestsOnRedisServer(RedisServerFixture fixture) : InlineApplyTests(RedisTarget.Of(fixture));

[Collection(RedisClusterCollection.Name)]
public sealed class InlineApplyTestsOnRedisCluster(RedisClusterFixture fixture) : InlineApplyTests(RedisTarget.Of(fixture));
