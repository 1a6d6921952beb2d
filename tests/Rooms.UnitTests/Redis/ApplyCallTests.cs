using KafkaRooms.Rooms.Contract;
using KafkaRooms.Rooms.Redis;

namespace KafkaRooms.Rooms.UnitTests.Redis;

/// <summary>How a batch becomes script calls, and the KEYS / ARGV layout of docs/redis-schema.md ("The batched rule script").</summary>
public sealed class ApplyCallTests
{
    private const long T = 1_767_000_000_000;
    private static readonly ApplyCallHeader Header = new(T + 5, 86_400_000, 300_000, 86_400_000, 10_000);
    private readonly RoomKeySchema _keys = new("kr", 64);

    private static RoomEvent Created(string room, ulong session, uint app = 1) => new()
    {
        Kind = RoomEventKind.RoomCreated, AppId = app, RoomId = room, RoomSession = session, TimeMs = T, Creator = "host", ReceivedMs = T + 1,
    };

    private static RoomEvent Login(string room, ulong session, string user) => new()
    {
        Kind = RoomEventKind.UserLoggedIn, AppId = 1, RoomId = room, RoomSession = session, TimeMs = T + 2,
        UserAccount = user, UserSession = "us-" + user, Nickname = "nick " + user, Role = "2",
    };

    // Room ids of one bucket, found by the key schema itself.
    private string[] RoomsOfOneBucket(int count) =>
        Enumerable.Range(0, 10_000).Select(i => $"room {i}").Where(r => _keys.Bucket(1, r) == _keys.Bucket(1, "room 0")).Take(count).ToArray();

    [Fact]
    public void A_batch_becomes_one_call_per_app_and_bucket_keeping_input_order()
    {
        var same = RoomsOfOneBucket(2);
        var other = Enumerable.Range(0, 100).Select(i => $"x{i}").First(r => _keys.Bucket(1, r) != _keys.Bucket(1, same[0]));
        RoomEvent[] batch = [Created(same[0], 1), Created(other, 1), Created(same[1], 1), Created(same[0], 1, app: 2), Login(same[0], 1, "u")];

        var calls = ApplyCall.Plan(batch, _keys, maxEventsPerCall: 256);

        Assert.Equal([[0, 2, 4], [1], [3]], calls.Select(c => c.Indexes.ToArray()));
    }

    [Fact]
    public void A_group_larger_than_the_call_size_is_split_in_order()
    {
        var rooms = RoomsOfOneBucket(5);
        var batch = rooms.Select(r => Created(r, 1)).ToArray();

        var calls = ApplyCall.Plan(batch, _keys, maxEventsPerCall: 2);

        Assert.Equal([[0, 1], [2, 3], [4]], calls.Select(c => c.Indexes.ToArray()));
    }

    [Fact]
    public void Keys_are_the_buckets_then_each_rooms_tombstone_and_users_once_then_each_lifecycles_pending_key_once()
    {
        var rooms = RoomsOfOneBucket(2);
        var bucket = _keys.Bucket(1, rooms[0]);
        RoomEvent[] batch = [Created(rooms[0], 7), Login(rooms[1], 9, "u1"), Login(rooms[0], 7, "u2"), Login(rooms[0], 8, "u3")];

        var (keys, _) = Assert.Single(ApplyCall.Plan(batch, _keys, 256)).Build(batch, _keys, Header);

        Assert.Equal(
            [
                _keys.Rooms(1, bucket), _keys.Activity(1, bucket), _keys.PendingLifecycles(1, bucket), _keys.Changes(1, bucket),
                _keys.Tombstone(1, rooms[0]), _keys.Users(1, rooms[0]), _keys.Tombstone(1, rooms[1]), _keys.Users(1, rooms[1]),
                _keys.Pending(1, rooms[0], "7"), _keys.Pending(1, rooms[1], "9"), _keys.Pending(1, rooms[0], "8"),
            ],
            keys);
        // One cluster slot: every key carries the bucket's hash tag.
        Assert.All(keys, k => Assert.StartsWith($"kr:{{1:{bucket}}}:", k.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public void Argv_is_the_header_the_room_ids_then_per_event_the_common_fields_and_what_its_kind_carries()
    {
        var rooms = RoomsOfOneBucket(2);
        RoomEvent[] batch =
        [
            Created(rooms[0], 7),
            Login(rooms[1], 18_446_744_073_709_551_615, "u1"),
            new() { Kind = RoomEventKind.UserLoggedOut, AppId = 1, RoomId = rooms[1], RoomSession = 9, TimeMs = T + 3, UserAccount = "u1", UserSession = "s", Reason = "0", ReceivedMs = -1 },
            new() { Kind = RoomEventKind.RoomClosed, AppId = 1, RoomId = rooms[0], RoomSession = 7, TimeMs = T + 4, CloseReason = 1, ReceivedMs = T + 4 },
        ];

        var (_, args) = Assert.Single(ApplyCall.Plan(batch, _keys, 256)).Build(batch, _keys, Header);

        Assert.Equal(
            [
                "1767000000005", "86400000", "300000", "86400000", "10000", "2", "4", rooms[0], rooms[1],
                // Heads: ((p: key index x 8192) + room slot) x 4 + kind (created 0, closed 1, in 2, out 3).
                "294916", "7", "1767000000000", "1767000000001", "host",
                "327690", "18446744073709551615", "1767000000002", "0", "u1", "us-u1", "nick u1", "2",
                "360459", "9", "1767000000003", "0", "u1", "s",
                "294917", "7", "1767000000004", "1767000000004",
            ],
            args.Select(a => a.ToString()));
    }

    [Fact]
    public void The_largest_call_allowed_keeps_every_head_an_exact_integer_the_script_can_split()
    {
        // MaxEventsPerCall is at most 4096: room slots up to 4096, p: key indexes up to
        // 4 + 2 x 4096 + 4096. The script splits a head with % and / on doubles.
        var head = ApplyCall.Head(RoomEventKind.UserLoggedOut, 4096, 4 + (3 * 4096));
        Assert.True(head < 1 << 29);
        double value = head;
        var kind = value % 4;
        value = (value - kind) / 4;
        var slot = value % 8192;
        Assert.Equal((3, 4096, 4 + (3 * 4096)), ((int)kind, (int)slot, (int)((value - slot) / 8192)));
    }

    [Theory]
    [InlineData('a', ApplyOutcome.Applied)]
    [InlineData('d', ApplyOutcome.Duplicate)]
    [InlineData('s', ApplyOutcome.Stale)]
    [InlineData('e', ApplyOutcome.Expired)]
    public void Each_letter_of_the_answer_is_one_outcome(char code, ApplyOutcome outcome)
    {
        Assert.Equal(outcome, ApplyCall.Outcome(code));
    }

    [Fact]
    public void Future_has_no_outcome_and_an_unknown_letter_is_an_error()
    {
        Assert.Null(ApplyCall.Outcome('f'));
        Assert.Throws<InvalidOperationException>(() => ApplyCall.Outcome('?'));
    }
}
