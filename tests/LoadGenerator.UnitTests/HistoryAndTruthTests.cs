using System.Text;
using KafkaRooms.RoomHistories;
using KafkaRooms.Rooms.Contract;

namespace KafkaRooms.LoadGenerator.UnitTests;

/// <summary>The load generator's history and truth logic: retagging, the demo's examples, the naive view.</summary>
public sealed class HistoryAndTruthTests
{
    private const long Now = 1_767_000_000_000;

    [Fact]
    public void Retagged_history_stays_valid_distinct_and_the_model_still_ends_in_its_truth()
    {
        var history = RoomHistoryGenerator.Generate(11, Now - 180_000, new HistorySizes(Apps: 1, RoomsPerApp: 64));
        var retagging = new RoomRetagging("lg1234-abcdef/");
        var delivery = history.Delivery(new Random(3), duplicateRate: 0.2).Select(retagging.Apply).ToList();
        var truth = retagging.Apply(history.Truth);

        var originalRooms = history.Events.Select(e => e.RoomId).Distinct().Count();
        Assert.Equal(originalRooms, delivery.Select(e => e.RoomId).Distinct().Count());
        Assert.All(delivery, e =>
        {
            Assert.StartsWith("lg1234-abcdef/", e.RoomId);
            Assert.InRange(Encoding.UTF8.GetByteCount(e.RoomId), 1, RoomEventValidator.MaxRoomIdBytes);
            Assert.Null(RoomEventValidator.Validate(e, DateTimeOffset.FromUnixTimeMilliseconds(Now), TimeSpan.FromMinutes(5)));
        });

        var model = new RoomRulesModel();
        foreach (var e in delivery)
        {
            model.Apply(e, Now);
        }

        Assert.Empty(TruthDiff.Compare(truth, model.OpenRooms()));
    }

    [Fact]
    public void Zego_examples_leave_r1_open_with_u1_and_u2_under_the_rules_and_a_naive_consumer_wrong_on_both()
    {
        var examples = ZegoExamples.Create(appId: 1, Now);
        var model = new RoomRulesModel();
        var naive = new NaiveRoomList();
        foreach (var e in examples.Delivery)
        {
            model.Apply(e, Now);
            naive.Apply(e);
        }

        var room = Assert.Single(model.OpenRooms());
        Assert.Equal(new RoomKey(1, "r1"), room.Key);
        Assert.Equal(examples.OpenSession, room.Value.RoomSession);
        Assert.Equal(["u1", "u2"], room.Value.OnlineUsers.Keys.Order());

        Assert.True(examples.OpenSession > 1UL << 53);
        Assert.Null(naive.Session("r1"));
        Assert.Equal(["u2"], naive.UsersOf("r1"));
    }

    [Fact]
    public void Naive_consumer_loses_a_relogged_user_when_the_old_logout_arrives_last()
    {
        var naive = new NaiveRoomList();
        RoomEvent User(RoomEventKind kind, string account, string session) => new()
        {
            Kind = kind, AppId = 1, RoomId = "r", RoomSession = 5, TimeMs = 1, UserAccount = account, UserSession = session,
        };
        naive.Apply(new RoomEvent { Kind = RoomEventKind.RoomCreated, AppId = 1, RoomId = "r", RoomSession = 5, TimeMs = 1 });
        naive.Apply(User(RoomEventKind.UserLoggedIn, "u1", "a"));
        naive.Apply(User(RoomEventKind.UserLoggedIn, "u1", "b"));
        naive.Apply(User(RoomEventKind.UserLoggedIn, "u2", "c"));
        naive.Apply(User(RoomEventKind.UserLoggedOut, "u1", "a"));
        Assert.Equal(["u2"], naive.UsersOf("r"));
    }

    [Fact]
    public void Latency_percentiles_use_the_nearest_rank()
    {
        var latencies = new LatencyRecorder();
        foreach (var ms in Enumerable.Range(1, 100).Reverse())
        {
            latencies.Record(TimeSpan.FromMilliseconds(ms));
        }

        Assert.Equal(50, latencies.Percentile(50), 3);
        Assert.Equal(99, latencies.Percentile(99), 3);
        Assert.Equal(100, latencies.Percentile(100), 3);
        Assert.True(double.IsNaN(new LatencyRecorder().Percentile(50)));
    }

    [Fact]
    public void Options_parse_and_reject_bad_values()
    {
        var options = LoadOptions.Parse(["--rooms", "50", "--rate", "250", "--duplicates", "0.25", "--ingest", "http://h:1"], _ => null);
        Assert.Equal(50, options.Rooms);
        Assert.Equal(250, options.Rate);
        Assert.Equal(0.25, options.Duplicates);
        Assert.Equal(new Uri("http://h:1/"), options.Ingest);
        Assert.Equal(new Uri("http://127.0.0.1:8082/"), options.Read);
        Assert.Equal(new Uri("http://r:2/"), LoadOptions.Parse(["--read", "http://r:2"], _ => null).Read);
        Assert.Equal(new Uri("http://env:3/"), LoadOptions.Parse([], n => n == "READ_URL" ? "http://env:3/" : null).Read);
        Assert.Equal(new Uri("http://arg:4/"), LoadOptions.Parse(["--read", "http://arg:4"], n => n == "READ_URL" ? "http://env:3" : null).Read);
        Assert.Equal("from-env", LoadOptions.Parse([], n => n == "ZEGO_DEV_SECRET" ? "from-env" : null).Secret);
        Assert.Throws<ArgumentException>(() => LoadOptions.Parse(["--duplicates", "2"], _ => null));
        Assert.Throws<ArgumentException>(() => LoadOptions.Parse(["--rooms", "0"], _ => null));
        Assert.Throws<ArgumentException>(() => LoadOptions.Parse(["--bogus"], _ => null));
    }
}
