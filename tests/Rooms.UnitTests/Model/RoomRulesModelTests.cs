using KafkaRooms.RoomHistories;
using KafkaRooms.Rooms.Contract;
using KafkaRooms.Rooms.Redis;

namespace KafkaRooms.Rooms.UnitTests.Model;

/// <summary>Examples of docs/rules.md on the reference model itself.</summary>
public sealed class RoomRulesModelTests
{
    private const long T0 = 1_767_000_000_000;
    private const long Now = T0 + 60_000;
    private static readonly RoomKey R1 = new(1, "r1");

    private static RoomEvent Room(RoomEventKind kind, ulong session, long time) =>
        new() { Kind = kind, AppId = 1, RoomId = "r1", RoomSession = session, TimeMs = time, Creator = "host" };

    private static RoomEvent User(RoomEventKind kind, long time, string user, string userSession) =>
        new() { Kind = kind, AppId = 1, RoomId = "r1", RoomSession = 7, TimeMs = time, UserAccount = user, UserSession = userSession, Nickname = user, Role = "1" };

    [Fact]
    public void Zego_room_example_c3_c1_c2()
    {
        var model = new RoomRulesModel();
        Assert.Equal(ApplyOutcome.Applied, model.Apply(Room(RoomEventKind.RoomCreated, 101, T0 + 2), Now));
        Assert.Equal(ApplyOutcome.Stale, model.Apply(Room(RoomEventKind.RoomCreated, 100, T0), Now));
        Assert.Equal(ApplyOutcome.Stale, model.Apply(Room(RoomEventKind.RoomClosed, 100, T0 + 1), Now));

        Assert.Equal(101UL, model.OpenRooms()[R1].RoomSession);
    }

    [Fact]
    public void Zego_user_example_c1_c4_c2_c3()
    {
        var model = new RoomRulesModel();
        model.Apply(Room(RoomEventKind.RoomCreated, 7, T0), Now);
        model.Apply(User(RoomEventKind.UserLoggedIn, T0 + 1, "u1", "a"), Now);
        model.Apply(User(RoomEventKind.UserLoggedIn, T0 + 4, "u1", "b"), Now);
        model.Apply(User(RoomEventKind.UserLoggedIn, T0 + 2, "u2", "a"), Now);
        model.Apply(User(RoomEventKind.UserLoggedOut, T0 + 3, "u1", "a"), Now);

        Assert.Equal(["u1", "u2"], model.OpenRooms()[R1].OnlineUsers.Keys.Order());
    }

    [Fact]
    public void A_close_before_its_create_keeps_the_room_closed()
    {
        var model = new RoomRulesModel();
        Assert.Equal(ApplyOutcome.Applied, model.Apply(Room(RoomEventKind.RoomClosed, 7, T0 + 5), Now));
        Assert.Equal(ApplyOutcome.Stale, model.Apply(Room(RoomEventKind.RoomCreated, 7, T0), Now));
        Assert.Empty(model.OpenRooms());
    }

    [Fact]
    public void Times_outside_the_bounds_are_expired_or_rejected()
    {
        var model = new RoomRulesModel(TimeSpan.FromHours(24), TimeSpan.FromMinutes(5));
        Assert.Equal(ApplyOutcome.Expired, model.Apply(Room(RoomEventKind.RoomCreated, 7, Now - 86_400_001), Now));
        Assert.Throws<ArgumentException>(() => model.Apply(Room(RoomEventKind.RoomCreated, 7, Now + 300_001), Now));
        Assert.Empty(model.OpenRooms());
    }

    [Fact]
    public void Room_keys_order_by_time_then_session_then_rank()
    {
        Assert.True(RoomRulesModel.CompareRoomKeys(2, 1, 0, 1, ulong.MaxValue, 1) > 0);
        Assert.True(RoomRulesModel.CompareRoomKeys(1, 9_007_199_254_740_993, 0, 1, 9_007_199_254_740_992, 1) > 0);
        Assert.True(RoomRulesModel.CompareRoomKeys(1, 5, 1, 1, 5, 0) > 0);
    }
}
