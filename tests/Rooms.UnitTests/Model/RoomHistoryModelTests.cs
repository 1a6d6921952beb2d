using CsCheck;
using KafkaRooms.RoomHistories;
using KafkaRooms.Rooms.Contract;
using KafkaRooms.Rooms.Redis;

namespace KafkaRooms.Rooms.UnitTests.Model;

/// <summary>The reference model against the generator's truth (docs/rules.md §6).</summary>
public sealed class RoomHistoryModelTests
{
    private const long BaseTime = 1_767_000_000_000;
    private const long Now = BaseTime + 600_000;

    [Fact]
    public void Generated_history_is_valid_and_covers_the_hard_cases()
    {
        var history = RoomHistoryGenerator.Generate(42, BaseTime, new HistorySizes(Apps: 3, RoomsPerApp: 40));

        Assert.All(history.Events, e => Assert.Null(RoomEventValidator.Validate(e, DateTimeOffset.FromUnixTimeMilliseconds(Now), TimeSpan.FromMinutes(5))));
        Assert.Contains(history.Events, e => e.RoomSession > (1UL << 53));
        Assert.Contains(history.Events, e => e.RoomSession == ulong.MaxValue);
        Assert.Contains(history.Truth.Values, t => t.OnlineUsers.Count > 0);
        Assert.True(history.Truth.Count < 3 * 40, "some rooms end closed");
        // A same-millisecond re-create: a close and a create of the next lifecycle share a time.
        Assert.Contains(history.Events, c => c.Kind == RoomEventKind.RoomClosed
            && history.Events.Any(n => n.Kind == RoomEventKind.RoomCreated && n.AppId == c.AppId && n.RoomId == c.RoomId
                && n.TimeMs == c.TimeMs && n.RoomSession > c.RoomSession));
        Assert.InRange(history.EndTimeMs, BaseTime, BaseTime + 300_000);
    }

    [Fact]
    public void Delivery_holds_every_event_and_the_duplicates()
    {
        var history = RoomHistoryGenerator.Generate(7, BaseTime, HistorySizes.Small);
        var delivery = history.Delivery(new Random(1), duplicateRate: 0.5);

        Assert.True(delivery.Count > history.Events.Count);
        Assert.Equal(history.Events.ToHashSet(), delivery.ToHashSet());
    }

    [Fact]
    public void Model_reaches_the_truth_in_history_order()
    {
        var history = RoomHistoryGenerator.Generate(3, BaseTime, new HistorySizes(Apps: 2, RoomsPerApp: 30));
        var model = new RoomRulesModel();

        foreach (var e in history.Events)
        {
            Assert.Equal(ApplyOutcome.Applied, model.Apply(e, Now));
        }

        Assert.Empty(TruthDiff.Compare(history.Truth, model.OpenRooms()));
    }

    [Fact]
    public void Model_reaches_the_truth_in_any_order_with_duplicates()
    {
        Gen.Int.Select(Gen.Double[0, 1]).Sample((seed, duplicateRate) =>
        {
            var random = new Random(seed);
            var history = RoomHistoryGenerator.Generate(random, BaseTime, HistorySizes.Small);
            var model = new RoomRulesModel();
            foreach (var e in history.Delivery(random, duplicateRate))
            {
                model.Apply(e, Now);
            }

            var differences = TruthDiff.Compare(history.Truth, model.OpenRooms());
            Assert.True(differences.Count == 0, string.Join("\n", differences));
        }, iter: 300);
    }

    [Fact]
    public void Model_converges_on_any_subset_in_any_order_and_is_idempotent()
    {
        Gen.Int.Select(Gen.Double[0.2, 1]).Sample((seed, keepRate) =>
        {
            var random = new Random(seed);
            var history = RoomHistoryGenerator.Generate(random, BaseTime, HistorySizes.Small);
            var subset = history.Subset(random, keepRate);

            var inOrder = RoomRulesModel.StateAfter(subset, Now);
            var shuffled = new RoomRulesModel();
            var again = subset.ToArray();
            random.Shuffle(again);
            foreach (var e in again)
            {
                shuffled.Apply(e, Now);
            }

            Assert.Empty(TruthDiff.Compare(inOrder, shuffled.OpenRooms()));
            var before = shuffled.OpenRooms();
            foreach (var e in subset)
            {
                Assert.NotEqual(ApplyOutcome.Applied, shuffled.Apply(e, Now));
            }

            Assert.Empty(TruthDiff.Compare(before, shuffled.OpenRooms()));
        }, iter: 300);
    }
}
