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
/// The pipelined path of <see cref="RoomStore.ApplyValidatedBatchAsync"/> (a batch's script calls
/// written on the caller's thread over the store's own connection per primary, answers read by
/// that connection's thread, several batches in flight at once) against the reference model, and
/// how it falls back to the usual path. Redis tells which connection made a call
/// (<see cref="ScriptConnections"/>): the pipelined ones are named <see cref="PipelinedScriptCalls.ClientName"/>.
/// </summary>
public abstract class PipelinedApplyTests(RedisTarget target)
{
    private static readonly long BaseTime = StateHarness.Now - 600_000;

    private static readonly int[] CallSizes = [1, 3, 17, 4096];

    [Fact]
    public async Task Batches_in_flight_together_on_the_pipelined_path_get_the_models_outcomes_and_state()
    {
        await ScriptConnections.LoadRuleScriptEverywhereAsync(target);
        await Gen.Int.Select(Gen.Double[0, 0.3], Gen.Int[0, CallSizes.Length - 1]).SampleAsync(async (seed, duplicateRate, callSize) =>
        {
            var random = new Random(seed);
            var history = RoomHistoryGenerator.Generate(random, BaseTime, new HistorySizes(Apps: 2, RoomsPerApp: 10, MaxLifecyclesPerRoom: 3, MaxUsersPerLifecycle: 4));
            var delivery = history.Delivery(random, duplicateRate).Select(e => InformationalFields.Clean(e)).ToList();
            var h = new StateHarness(target, bucketCount: 3);
            h.Options.MaxEventsPerCall = CallSizes[callSize];
            var before = await HighestClientIdAsync();

            // Four lanes of disjoint rooms, applied at once: each lane's batches in its order, so
            // every room sees its events in delivery order whatever the lanes' interleaving, and the
            // model (whose rules are per room) gives each event's outcome lane by lane.
            var model = new RoomRulesModel();
            var lanes = delivery.GroupBy(e => (int)((uint)HashCode.Combine(e.AppId, e.RoomId) % 4))
                .Select(lane => Batches(lane.ToList(), random).Select(b => (Batch: b, Expected: b.Select(e => model.Apply(e, StateHarness.Now)).ToList())).ToList())
                .ToList();
            await Task.WhenAll(lanes.Select(async lane =>
            {
                foreach (var (batch, expected) in lane)
                {
                    var outcomes = await h.Store.ApplyValidatedBatchAsync(batch);
                    if (h.Options.MaxEventsPerCall >= batch.Count)
                    {
                        Assert.True(expected.SequenceEqual(outcomes), $"seed {seed}: outcomes {string.Join(",", outcomes)} != model {string.Join(",", expected)}");
                    }
                }
            }));

            await AssertStateAndFreshnessAsync(h, model.OpenRooms(), delivery, history.AppIds, $"seed {seed}, calls of {h.Options.MaxEventsPerCall}");
            Assert.Contains(await PipelinedClientsAsync(), c => c.Id > before && c.LastCommand == "evalsha");
        }, iter: 6);
    }

    [Fact]
    public async Task A_broken_pipelined_connection_leaves_the_batch_to_the_usual_path_rests_then_reconnects()
    {
        var h = new StateHarness(target);
        await ScriptConnections.LoadRuleScriptEverywhereAsync(target);
        // One room throughout: on the cluster its calls go to one primary, the one whose connection is killed.
        Assert.Equal([ApplyOutcome.Applied], await h.Store.ApplyValidatedBatchAsync([Created("pipelined-broken", 7, T0)]));
        var killedUpTo = await ScriptConnections.KillAsync(target, PipelinedScriptCalls.ClientName);

        Assert.Equal([ApplyOutcome.Applied], await h.Store.ApplyValidatedBatchAsync([Login("pipelined-broken", 7, T0 + 1, "ann", "s-ann")]));
        Assert.Equal([ApplyOutcome.Applied], await h.Store.ApplyValidatedBatchAsync([Login("pipelined-broken", 7, T0 + 2, "bob", "s-bob")]));
        Assert.Equal(["ann", "bob"], await UsersAsync(h, "pipelined-broken"));
        // Resting: the second batch did not even try a new connection.
        Assert.DoesNotContain(await PipelinedClientsAsync(), c => c.Id > killedUpTo);

        h.Clock.Advance(OwnConnectionPath.RestAfterFailure);
        Assert.Equal([ApplyOutcome.Applied], await h.Store.ApplyValidatedBatchAsync([Closed("pipelined-broken", 7, T0 + 3)]));
        Assert.Null(await h.Reader.GetRoomAsync(1, "pipelined-broken"));
        Assert.Contains(await PipelinedClientsAsync(), c => c.Id > killedUpTo && c.LastCommand == "evalsha");
    }

    [Fact]
    public async Task After_Redis_forgot_its_scripts_a_pipelined_batch_is_applied_the_usual_way_and_the_connection_stays()
    {
        var h = new StateHarness(target);
        await ScriptConnections.LoadRuleScriptEverywhereAsync(target);
        var before = await HighestClientIdAsync();
        Assert.Equal([ApplyOutcome.Applied], await h.Store.ApplyValidatedBatchAsync([Created("pipelined-noscript", 7, T0)]));
        var pipelined = (await PipelinedClientsAsync()).Where(c => c.Id > before).Select(c => c.Id).ToList();
        Assert.NotEmpty(pipelined);
        await target.FlushScriptsAsync();

        // NOSCRIPT: the usual path loads the script and applies the batch.
        Assert.Equal([ApplyOutcome.Applied], await h.Store.ApplyValidatedBatchAsync([Login("pipelined-noscript", 7, T0 + 1, "ann", "s-ann")]));
        Assert.Equal(["ann"], await UsersAsync(h, "pipelined-noscript"));

        // An error answer is not a failure: the same connection carries the next batch.
        Assert.Equal([ApplyOutcome.Duplicate], await h.Store.ApplyValidatedBatchAsync([Login("pipelined-noscript", 7, T0 + 1, "ann", "s-ann")]));
        Assert.Equal(pipelined, (await PipelinedClientsAsync()).Where(c => c.Id > before).Select(c => c.Id).ToList());
        Assert.All((await PipelinedClientsAsync()).Where(c => c.Id > before), c => Assert.Equal("evalsha", c.LastCommand));
    }

    [Fact]
    public async Task With_pipelined_calls_off_a_batch_opens_no_pipelined_connection()
    {
        var h = new StateHarness(target);
        h.Options.PipelinedScriptCalls = false;
        var before = await HighestClientIdAsync();

        Assert.Equal([ApplyOutcome.Applied, ApplyOutcome.Applied], await h.Store.ApplyValidatedBatchAsync(
            [Created("pipelined-off-a", 7, T0), Created("pipelined-off-b", 7, T0)]));

        Assert.NotNull(await h.Reader.GetRoomAsync(1, "pipelined-off-b"));
        Assert.DoesNotContain(await PipelinedClientsAsync(), c => c.Id > before);
    }

    private static List<List<RoomEvent>> Batches(List<RoomEvent> events, Random random)
    {
        var batches = new List<List<RoomEvent>>();
        for (var start = 0; start < events.Count;)
        {
            var size = Math.Min(random.Next(1, 40), events.Count - start);
            batches.Add(events.GetRange(start, size));
            start += size;
        }

        return batches;
    }

    private static async Task<List<string>> UsersAsync(StateHarness h, string room) =>
        [.. ((await h.Reader.ListUsersAsync(1, room)) ?? []).Select(u => u.UserAccount).Order()];

    private async Task<long> HighestClientIdAsync() => (await ScriptConnections.ClientsAsync(target)).Max(c => c.Id);

    private async Task<List<ClientInfo>> PipelinedClientsAsync() =>
        [.. (await ScriptConnections.ClientsAsync(target)).Where(c => c.Name == PipelinedScriptCalls.ClientName)];
}

[Collection(RedisCollection.Name)]
public sealed class PipelinedApplyTestsOnRedisServer(RedisServerFixture fixture) : PipelinedApplyTests(RedisTarget.Of(fixture));

[Collection(RedisClusterCollection.Name)]
public sealed class PipelinedApplyTestsOnRedisCluster(RedisClusterFixture fixture) : PipelinedApplyTests(RedisTarget.Of(fixture));
