namespace KafkaRooms.LoadGenerator.UnitTests;

/// <summary>`make watch`'s lines: one per change event, with what the change has and nothing it lacks.</summary>
public sealed class ChangeLineTests
{
    [Fact]
    public void A_user_change_shows_time_kind_room_session_user_nickname_and_online_count()
    {
        var line = ChangeLine.Format("user_joined",
            """{"room_id":"r1","room_session_id":"18446744073709551615","time":1499676978027,"user_account":"u1","online_count":2,"nickname":"Ann"}""");

        Assert.Equal("08:56:18.027  user_joined  room r1  session 18446744073709551615  user u1 (Ann)  online 2", line);
    }

    [Fact]
    public void A_room_change_shows_its_creator_or_reason_and_no_user()
    {
        Assert.Equal("08:56:18.027  room_opened  room r1  session 3  creator c3",
            ChangeLine.Format("room_opened", """{"room_id":"r1","room_session_id":"3","time":1499676978027,"creator":"c3"}"""));
        Assert.Equal("08:56:18.028  room_closed  room r1  session 3  (superseded)",
            ChangeLine.Format("room_closed", """{"room_id":"r1","room_session_id":"3","time":1499676978028,"reason":"superseded"}"""));
    }
}
