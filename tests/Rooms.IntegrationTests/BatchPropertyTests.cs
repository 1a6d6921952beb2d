using CsCheck;
using KafkaRooms.RoomHistories;
using KafkaRooms.Rooms.Contract;
using KafkaRooms.Testing.Redis;
using static KafkaRooms.Rooms.IntegrationTests.FreshnessAndFeedChecks;

namespace KafkaRooms.Rooms.IntegrationTests;

/// <summary>
/// The batched rule script (one call applies many events of a bucket) against the reference
/// model (docs/rules.md §6): random valid histories, shuffled with duplicates, in random
/// batches and call sizes. After every batch the state is the model's, last_event_ms and the
/// pending index follow their definitions, and the change feed replays into the state.
/// Case counts are kept small for 2 shared cores.
/// </summary>
public abstract class BatchPropertyTests(RedisTarget target)
{
    private static readonly long BaseTime = StateHarness.Now - 600_000;

    private static readonly int[] CallSizes = [1, 3, 17, 4096];

    /// <param name="pipelined">The store's pipelined connections (the default), or StackExchange.Redis alone (the fallback).</param>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Random_batches_and_call_sizes_agree_with_the_model_the_freshness_data_and_the_feed_after_every_batch(bool pipelined)
    {
        await Gen.Int.Select(Gen.Double[0.3, 1], Gen.Double[0, 0.3], Gen.Int[0, CallSizes.Length - 1]).SampleAsync(async (seed, keepRate, duplicateRate, callSize) =>
        {
            var random = new Random(seed);
            var history = RoomHistoryGenerator.Generate(random, BaseTime, new HistorySizes(Apps: 2, RoomsPerApp: 8, MaxLifecyclesPerRoom: 3, MaxUsersPerLifecycle: 4));
            var delivery = history.Delivery(random, duplicateRate).Where(_ => random.NextDouble() < keepRate).ToList();
            var h = new StateHarness(target, bucketCount: 3);
            h.Options.MaxEventsPerCall = CallSizes[callSize];
            h.Options.PipelinedScriptCalls = pipelined;
            var model = new RoomRulesModel();
            var apps = history.AppIds;
            var delivered = new List<RoomEvent>();

            for (var start = 0; start < delivery.Count;)
            {
                var batch = delivery.GetRange(start, Math.Min(random.Next(1, 60), delivery.Count - start));
                start += batch.Count;
                var context = $"seed {seed}, pipelined {pipelined}, calls of {h.Options.MaxEventsPerCall}, after {start} of {delivery.Count} events";

                var outcomes = await h.Store.ApplyBatchAsync(batch);
                var expected = batch.Select(e => model.Apply(e, StateHarness.Now)).ToList();
                delivered.AddRange(batch);
                if (h.Options.MaxEventsPerCall >= batch.Count)
                {
                    // Each bucket's events went in one call, in input order: the model's sequence per room.
                    Assert.True(expected.SequenceEqual(outcomes), $"{context}: outcomes {string.Join(",", outcomes)} != model {string.Join(",", expected)}");
                }

                await AssertStateAndFreshnessAsync(h, model.OpenRooms(), delivered, apps, context);
            }

            await AssertReplayChangesNothingAsync(h, delivery, apps);
        }, iter: 10);
    }

    [Fact]
    public async Task Every_event_of_a_room_in_one_shuffled_batch_with_duplicates_gets_the_models_outcomes()
    {
        await Gen.Int.Select(Gen.Double[0, 0.5]).SampleAsync(async (seed, duplicateRate) =>
        {
            var random = new Random(seed);
            var history = RoomHistoryGenerator.Generate(random, BaseTime, new HistorySizes(Apps: 2, RoomsPerApp: 6));
            var h = new StateHarness(target, bucketCount: 4);
            h.Options.MaxEventsPerCall = 4096;
            var model = new RoomRulesModel();

            foreach (var room in history.Events.GroupBy(e => new RoomKey(e.AppId, e.RoomId)))
            {
                var batch = room.Concat(room.Where(_ => random.NextDouble() < duplicateRate)).ToArray();
                random.Shuffle(batch);

                var outcomes = await h.Store.ApplyBatchAsync(batch);

                Assert.Equal(batch.Select(e => model.Apply(e, StateHarness.Now)), outcomes);
            }

            await AssertStateAndFreshnessAsync(h, history.Truth, history.Events, history.AppIds, $"seed {seed}");
        }, iter: 10);
    }

    [Fact]
    public async Task Many_rooms_of_one_bucket_in_one_call_end_in_the_truth_and_a_replay_changes_nothing()
    {
        await Gen.Int.Select(Gen.Double[0, 0.5]).SampleAsync(async (seed, duplicateRate) =>
        {
            var random = new Random(seed);
            var history = RoomHistoryGenerator.Generate(random, BaseTime, new HistorySizes(Apps: 1, RoomsPerApp: 30, MaxLifecyclesPerRoom: 3, MaxUsersPerLifecycle: 4));
            var delivery = history.Delivery(random, duplicateRate);
            var h = new StateHarness(target, bucketCount: 1);
            h.Options.MaxEventsPerCall = 4096;
            var model = new RoomRulesModel();

            var outcomes = await h.Store.ApplyBatchAsync(delivery);

            Assert.Equal(delivery.Select(e => model.Apply(e, StateHarness.Now)), outcomes);
            await AssertStateAndFreshnessAsync(h, history.Truth, history.Events, history.AppIds, $"seed {seed}");

            await AssertReplayChangesNothingAsync(h, history.Delivery(random, duplicateRate), history.AppIds);
            Assert.Empty(TruthDiff.Compare(history.Truth, await h.ReadStateAsync(history.AppIds)));
        }, iter: 8);
    }
}

[Collection(RedisCollection.Name)]
public sealed class BatchPropertyTestsOnRedisServer(RedisServerFixture fixture) : BatchPropertyTests(RedisTarget.Of(fixture));

[Collection(RedisClusterCollection.Name)]
public sealed class BatchPropertyTestsOnRedisCluster(RedisClusterFixture fixture) : BatchPropertyTests(RedisTarget.Of(fixture));
