using KafkaRooms.Rooms.Contract;

namespace KafkaRooms.Rooms.UnitTests.Contract;

public sealed class RoomEventValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(5);
    private static long NowMs => Now.ToUnixTimeMilliseconds();

    private static RoomEvent Login(long timeMs) => new()
    {
        Kind = RoomEventKind.UserLoggedIn,
        AppId = 7,
        RoomId = "room-1",
        RoomSession = 5,
        TimeMs = timeMs,
        UserAccount = "u1",
        UserSession = "s1",
    };

    private static RoomEventViolation? Validate(RoomEvent e) => RoomEventValidator.Validate(e, Now, Skew);

    [Fact]
    public void A_valid_event_passes() => Assert.Null(Validate(Login(NowMs)));

    [Fact]
    public void Room_session_zero_is_a_valid_uint64() =>
        Assert.Null(Validate(Login(NowMs) with { RoomSession = 0 }));

    [Fact]
    public void Informational_fields_never_make_an_event_invalid()
    {
        var e = Login(NowMs) with
        {
            Nickname = "nick\u0001" + new string('n', 1000),
            Role = "\n",
            Reason = new string('r', 5000),
            Creator = ((char)0xD800).ToString(),
        };
        Assert.Null(Validate(e));
    }

    [Theory]
    [InlineData("", RoomEventFields.RoomId, "is required")]
    [InlineData("a\u0001b", RoomEventFields.RoomId, "control character")]
    [InlineData("a\tb", RoomEventFields.RoomId, "control character")]
    public void A_bad_room_id_is_named_with_the_contract_name(string roomId, string field, string problem)
    {
        var violation = Validate(Login(NowMs) with { RoomId = roomId });
        Assert.NotNull(violation);
        Assert.Equal(field, violation.Field);
        Assert.Contains(problem, violation.Problem);
    }

    [Fact]
    public void An_identifier_with_a_lone_surrogate_is_named()
    {
        var lone = "a" + (char)0xD800 + "b";
        Assert.Contains("lone surrogate", Validate(Login(NowMs) with { RoomId = lone })?.Problem);
        Assert.Equal(RoomEventFields.UserAccount, Validate(Login(NowMs) with { UserAccount = lone })?.Field);
    }

    [Fact]
    public void Identifier_limits_are_bytes_of_utf8()
    {
        Assert.Null(Validate(Login(NowMs) with { RoomId = string.Concat(Enumerable.Repeat("房", 42)) })); // 126 bytes
        Assert.Equal(RoomEventFields.RoomId, Validate(Login(NowMs) with { RoomId = string.Concat(Enumerable.Repeat("房", 43)) })?.Field);
        Assert.Equal(RoomEventFields.UserAccount, Validate(Login(NowMs) with { UserAccount = new string('u', 65) })?.Field);
        Assert.Equal(RoomEventFields.UserSession, Validate(Login(NowMs) with { UserSession = new string('s', 129) })?.Field);
    }

    [Fact]
    public void User_events_need_a_user_account_and_a_user_session()
    {
        Assert.Equal(RoomEventFields.UserAccount, Validate(Login(NowMs) with { UserAccount = null })?.Field);
        Assert.Equal(RoomEventFields.UserSession, Validate(Login(NowMs) with { UserSession = "" })?.Field);
        Assert.Equal(RoomEventFields.UserSession, Validate(Login(NowMs) with { UserSession = "s\n" })?.Field);
    }

    [Fact]
    public void Room_events_need_no_user()
    {
        var created = Login(NowMs) with { Kind = RoomEventKind.RoomCreated, UserAccount = null, UserSession = null };
        Assert.Null(Validate(created));
    }

    [Fact]
    public void An_undefined_kind_is_named()
    {
        Assert.Equal(RoomEventFields.Kind, Validate(Login(NowMs) with { Kind = (RoomEventKind)7 })?.Field);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_time_that_is_not_positive_is_named(long timeMs) =>
        Assert.Equal(RoomEventFields.TimeMs, Validate(Login(timeMs))?.Field);

    [Fact]
    public void Without_a_receive_time_the_future_is_judged_by_the_receivers_clock()
    {
        var skewMs = (long)Skew.TotalMilliseconds;
        Assert.Null(Validate(Login(NowMs + skewMs)));
        var violation = Validate(Login(NowMs + skewMs + 1));
        Assert.Equal(RoomEventFields.TimeMs, violation?.Field);
        Assert.Contains("lies more than", violation?.Problem);
    }

    [Fact]
    public void With_a_receive_time_the_future_is_judged_against_it_not_the_receivers_clock()
    {
        var skewMs = (long)Skew.TotalMilliseconds;
        // Ingest's clock ran 3 minutes ahead of this receiver's: what Ingest accepted stays valid...
        var receivedAhead = NowMs + 180_000;
        Assert.Null(Validate(Login(receivedAhead + skewMs) with { ReceivedMs = receivedAhead }));
        Assert.NotNull(Validate(Login(receivedAhead + skewMs + 1) with { ReceivedMs = receivedAhead }));

        // ...and a receive time in this receiver's past bounds the event time by itself.
        var receivedEarlier = NowMs - 3_600_000;
        Assert.NotNull(Validate(Login(receivedEarlier + skewMs + 1) with { ReceivedMs = receivedEarlier }));
    }

    [Fact]
    public void A_receive_time_is_believed_only_up_to_the_receivers_now_plus_the_skew()
    {
        var skewMs = (long)Skew.TotalMilliseconds;
        var forged = new DateTimeOffset(3000, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        Assert.Equal(NowMs + (2 * skewMs), RoomEventValidator.LatestAcceptedTimeMs(Login(forged) with { ReceivedMs = forged }, Now, Skew));
        Assert.NotNull(Validate(Login(forged) with { ReceivedMs = forged }));
        Assert.NotNull(Validate(Login(NowMs) with { ReceivedMs = long.MaxValue, TimeMs = long.MaxValue }));
    }
}
