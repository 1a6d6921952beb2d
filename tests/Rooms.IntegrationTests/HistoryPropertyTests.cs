using CsCheck;
using KafkaRooms.RoomHistories;
using KafkaRooms.Rooms.Redis;
using KafkaRooms.Testing.Redis;

namespace KafkaRooms.Rooms.IntegrationTests;

/// <summary>
/// Random valid histories (docs/rules.md §6) delivered in random orders with duplicates:
/// Redis ends in the truth, agrees with the reference model on every prefix, and applying
/// everything again changes nothing. Case counts are kept small for 2 shared cores.
/// </summary>
public abstract class HistoryPropertyTests(RedisTarget target)
{
    private static readonly long BaseTime = StateHarness.Now - 600_000;

    [Fact]
    public async Task Any_order_with_duplicates_ends_in_exactly_the_truth_and_a_replay_changes_nothing()
    {
        await Gen.Int.Select(Gen.Double[0, 0.5]).SampleAsync(async (seed, duplicateRate) =>
        {
            var random = new Random(seed);
            var history = RoomHistoryGenerator.Generate(random, BaseTime, new HistorySizes(Apps: 2, RoomsPerApp: 12));
            var h = new StateHarness(target, bucketCount: 4);

            await h.Store.ApplyBatchAsync(history.Delivery(random, duplicateRate));
            var apps = history.Events.Select(e => e.AppId).ToArray();
            var state = await h.ReadStateAsync(apps);
            var differences = TruthDiff.Compare(history.Truth, state);
            Assert.True(differences.Count == 0, $"seed {seed}:\n" + string.Join("\n", differences));

            var replay = await h.Store.ApplyBatchAsync(history.Delivery(random, duplicateRate));
            Assert.DoesNotContain(ApplyOutcome.Applied, replay);
            Assert.Empty(TruthDiff.Compare(history.Truth, await h.ReadStateAsync(apps)));
        }, iter: 25);
    }

    [Fact]
    public async Task Lost_callbacks_leave_the_state_the_rules_define_for_what_arrived()
    {
        await Gen.Int.Select(Gen.Double[0.3, 0.95]).SampleAsync(async (seed, keepRate) =>
        {
            var random = new Random(seed);
            var history = RoomHistoryGenerator.Generate(random, BaseTime, new HistorySizes(Apps: 2, RoomsPerApp: 12));
            var subset = history.Subset(random, keepRate);
            var delivery = subset.Concat(subset.Where(_ => random.NextDouble() < 0.2)).ToArray();
            random.Shuffle(delivery);
            var h = new StateHarness(target, bucketCount: 4);

            await h.Store.ApplyBatchAsync(delivery);

            var differences = TruthDiff.Compare(RoomRulesModel.StateAfter(subset, StateHarness.Now), await h.ReadStateAsync(history.AppIds));
            Assert.True(differences.Count == 0, $"seed {seed}:\n" + string.Join("\n", differences));
        }, iter: 15);
    }

    [Fact]
    public async Task The_model_agrees_with_redis_on_every_prefix_of_any_subset()
    {
        await Gen.Int.Select(Gen.Double[0.3, 1], Gen.Double[0, 0.3]).SampleAsync(async (seed, keepRate, duplicateRate) =>
        {
            var random = new Random(seed);
            var history = RoomHistoryGenerator.Generate(random, BaseTime, new HistorySizes(Apps: 1, RoomsPerApp: 4, MaxLifecyclesPerRoom: 3, MaxUsersPerLifecycle: 3));
            var delivery = history.Delivery(random, duplicateRate).Where(_ => random.NextDouble() < keepRate).ToList();
            var h = new StateHarness(target, bucketCount: 3);
            var model = new RoomRulesModel();
            var now = StateHarness.Now;
            var apps = history.Events.Select(e => e.AppId).ToArray();

            for (var i = 0; i < delivery.Count; i++)
            {
                var e = delivery[i];
                Assert.Equal(model.Apply(e, now), await h.ApplyAsync(e));
                var differences = TruthDiff.Compare(model.OpenRooms(), await h.ReadStateAsync(apps));
                Assert.True(differences.Count == 0, $"seed {seed}, after event {i} ({e}):\n" + string.Join("\n", differences));
            }
        }, iter: 15);
    }
}

[Collection(RedisCollection.Name)]
public sealed class HistoryPropertyTestsOnRedisServer(RedisServerFixture fixture) : HistoryPropertyTests(RedisTarget.Of(fixture));

[Collection(RedisClusterCollection.Name)]
public sealed class HistoryPropertyTestsOnRedisCluster(RedisClusterFixture fixture) : HistoryPropertyTests(RedisTarget.Of(fixture));
