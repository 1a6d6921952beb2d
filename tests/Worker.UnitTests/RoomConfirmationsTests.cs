using KafkaRooms.Rooms.Reading;
using KafkaRooms.Worker.Reconciliation;

namespace KafkaRooms.Worker.UnitTests;

/// <summary>The confirmation rule of docs/rules.md §8: two observations a grace period apart, no change of the room between them.</summary>
public sealed class RoomConfirmationsTests
{
    private const long Grace = 1_000;
    private const string Room = "r";

    private static readonly RoomUserSessionView Alice = new("alice", "s-alice", 100, "1", "alice");
    private static readonly RoomUserSessionView Bob = new("bob", "s-bob", 200, "1", "bob");

    private static RoomSessionsView State(long lastEventMs, params RoomUserSessionView[] online) =>
        new(new RoomSummaryView(Room, 7, 50, "host", online.Length, lastEventMs), online);

    private static ListedUser Listed(string user) => new(user, user, 1);

    [Fact]
    public void A_difference_seen_twice_a_grace_period_apart_with_no_change_is_confirmed()
    {
        var confirmations = new RoomConfirmations(TimeSpan.FromMilliseconds(Grace));
        var state = State(200, Alice, Bob);

        var first = confirmations.Observe(Room, state, state, [Listed("alice")], 10_000);
        var early = confirmations.Observe(Room, state, state, [Listed("alice")], 10_000 + Grace - 1);
        var second = confirmations.Observe(Room, state, state, [Listed("alice")], 10_000 + Grace);

        Assert.Equal(ObservationVerdict.Differs, first.Verdict);
        Assert.Equal(ObservationVerdict.Differs, early.Verdict);
        Assert.Equal(ObservationVerdict.Confirmed, second.Verdict);
        Assert.Equal(10_000, second.First!.TimeMs);
        var confirmed = Assert.Single(second.Confirmed);
        Assert.Equal((DifferenceKind.UserGone, "bob"), (confirmed.Kind, confirmed.UserAccount));
        Assert.False(confirmations.IsPending(Room));
    }

    [Fact]
    public void An_event_between_the_observations_restarts_the_confirmation()
    {
        var confirmations = new RoomConfirmations(TimeSpan.FromMilliseconds(Grace));
        var before = State(200, Alice, Bob);
        var moved = State(300, Alice, Bob);

        confirmations.Observe(Room, before, before, [Listed("alice")], 10_000);
        var second = confirmations.Observe(Room, moved, moved, [Listed("alice")], 10_000 + Grace);
        var third = confirmations.Observe(Room, moved, moved, [Listed("alice")], 10_000 + (2 * Grace));

        Assert.Equal(ObservationVerdict.Differs, second.Verdict);
        Assert.Equal(10_000 + Grace, second.First!.TimeMs);
        Assert.Equal(ObservationVerdict.Confirmed, third.Verdict);
        Assert.Equal(10_000 + Grace, third.First!.TimeMs);
    }

    [Fact]
    public void A_room_that_changes_while_ZEGO_is_asked_proves_nothing()
    {
        var confirmations = new RoomConfirmations(TimeSpan.FromMilliseconds(Grace));
        var before = State(200, Alice, Bob);

        confirmations.Observe(Room, before, before, [Listed("alice")], 10_000);
        var changed = confirmations.Observe(Room, before, State(250, Alice), [Listed("alice")], 10_000 + Grace);
        var closed = confirmations.Observe(Room, before, null, [], 10_000 + Grace);

        Assert.Equal(ObservationVerdict.Changed, changed.Verdict);
        Assert.Equal(ObservationVerdict.Changed, closed.Verdict);
        Assert.False(confirmations.IsPending(Room));
    }

    [Fact]
    public void Only_differences_both_observations_show_are_corrected_and_agreement_ends_it()
    {
        var confirmations = new RoomConfirmations(TimeSpan.FromMilliseconds(Grace));
        var state = State(200, Alice);

        confirmations.Observe(Room, state, state, [Listed("alice"), Listed("carol"), Listed("dave")], 10_000);
        var second = confirmations.Observe(Room, state, state, [Listed("alice"), Listed("dave")], 10_000 + Grace);
        var inSync = confirmations.Observe(Room, state, state, [Listed("alice")], 10_000 + (2 * Grace));

        Assert.Equal(ObservationVerdict.Confirmed, second.Verdict);
        Assert.Equal("dave", Assert.Single(second.Confirmed).UserAccount);
        Assert.Equal(ObservationVerdict.InSync, inSync.Verdict);
    }

    [Fact]
    public void An_empty_list_is_a_closed_room_and_a_redundant_reconcile_session_is_ended()
    {
        var reconciled = new RoomUserSessionView("alice", ReconcileUserSessions.For(5_000), 5_000, "1", "alice");

        Assert.Equal(DifferenceKind.RoomGone, Assert.Single(RoomComparison.Compare(State(200, Alice), [])).Kind);
        var redundant = Assert.Single(RoomComparison.Compare(State(200, Alice, reconciled), [Listed("alice")]));
        Assert.Equal(DifferenceKind.ReconcileSessionRedundant, redundant.Kind);
        Assert.Equal([reconciled.UserSession], redundant.Sessions.Select(s => s.UserSession));
        Assert.Empty(RoomComparison.Compare(State(5_000, reconciled), [Listed("alice")]));
    }
}
