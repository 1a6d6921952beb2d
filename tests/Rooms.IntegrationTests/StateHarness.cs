using KafkaRooms.RoomHistories;
using KafkaRooms.Rooms.Contract;
using KafkaRooms.Rooms.Reading;
using KafkaRooms.Rooms.Redis;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace KafkaRooms.Rooms.IntegrationTests;

/// <summary>A store and a reader on unique keys, with a fake clock.</summary>
public sealed class StateHarness
{
    public const long Now = 1_767_000_000_000;

    public StateHarness(RedisTarget target, int bucketCount = 8, TimeSpan? retention = null)
    {
        Target = target;
        Options = new RoomStateOptions
        {
            KeyPrefix = target.NewKeyPrefix(),
            BucketCount = bucketCount,
            TombstoneRetention = retention ?? TimeSpan.FromHours(24),
        };
        Clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(Now));
        Store = new RoomStore(target.Connection, Microsoft.Extensions.Options.Options.Create(Options), Clock);
        Reader = new RoomReader(target.Connection, Microsoft.Extensions.Options.Options.Create(Options));
        Keys = new RoomKeySchema(Options.KeyPrefix, Options.BucketCount);
    }

    public RedisTarget Target { get; }

    public RoomStateOptions Options { get; }

    public FakeTimeProvider Clock { get; }

    public RoomStore Store { get; }

    public RoomReader Reader { get; }

    public RoomKeySchema Keys { get; }

    public IDatabase Db => Target.Connection.GetDatabase();

    public Task<ApplyOutcome> ApplyAsync(RoomEvent e) => Store.ApplyAsync(e);

    /// <summary>Another worker on the same keys and options, with its own clock.</summary>
    public RoomStore WorkerWithClock(TimeProvider clock) =>
        new(Target.Connection, Microsoft.Extensions.Options.Options.Create(Options), clock);

    /// <summary>Sets the retention, max event age and max clock skew (milliseconds).</summary>
    public StateHarness WithTimeBounds(long retentionMs, long maxEventAgeMs, long maxClockSkewMs)
    {
        Options.TombstoneRetention = TimeSpan.FromMilliseconds(retentionMs);
        Options.MaxEventAge = TimeSpan.FromMilliseconds(maxEventAgeMs);
        Options.MaxClockSkew = TimeSpan.FromMilliseconds(maxClockSkewMs);
        return this;
    }

    /// <summary>Lets real time and the fake clock pass together, so Redis expiry and "now" agree.</summary>
    public async Task ElapseAsync(long milliseconds)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(milliseconds));
        Clock.Advance(TimeSpan.FromMilliseconds(milliseconds));
    }

    /// <summary>Applies the events as ONE batch: events of one bucket in one script call, in this order.</summary>
    public Task<ApplyOutcome[]> ApplyAllAsync(params RoomEvent[] events) => Store.ApplyBatchAsync(events);

    /// <summary>
    /// Sends events straight to the rule script, past the store's validator, as one call (they must
    /// share a bucket); returns the script's letters (docs/redis-schema.md, "The batched rule script").
    /// </summary>
    public async Task<string> ApplyThroughScriptAsync(params RoomEvent[] events)
    {
        var call = Assert.Single(ApplyCall.Plan(events, Keys, events.Length));
        var header = new ApplyCallHeader(
            Clock.GetUtcNow().ToUnixTimeMilliseconds(),
            (long)Options.EffectiveMaxEventAge.TotalMilliseconds,
            (long)Options.MaxClockSkew.TotalMilliseconds,
            (long)Options.TombstoneRetention.TotalMilliseconds,
            Options.ChangeFeedMaxLength);
        var (keys, args) = call.Build(events, Keys, header);
        return (string)(await Db.ScriptEvaluateAsync(RoomScripts.ApplyBatch, keys, args))!;
    }

    /// <summary>Every entry of the change feed of <paramref name="room"/>'s bucket, as (field, value) lists in stream order.</summary>
    public async Task<List<(string Field, string Value)[]>> ChangesAsync(string room, uint app = 1)
    {
        var entries = await Db.StreamRangeAsync(Keys.Changes(app, Keys.Bucket(app, room)));
        return entries.Select(e => e.Values.Select(v => ((string)v.Name!, (string)v.Value!)).ToArray()).ToList();
    }

    /// <summary>Everything the reader shows for the given apps, in the truth's shape.</summary>
    public async Task<Dictionary<RoomKey, RoomTruth>> ReadStateAsync(IEnumerable<uint> appIds)
    {
        var state = new Dictionary<RoomKey, RoomTruth>();
        foreach (var appId in appIds.Distinct())
        {
            await foreach (var summary in Reader.ListAllRoomsAsync(appId, pageSize: 7))
            {
                var room = await Reader.GetRoomAsync(appId, summary.RoomId);
                Assert.NotNull(room);
                Assert.Equal(summary.RoomSession, room.Room.RoomSession);
                Assert.Equal(room.Users.Count, room.Room.OnlineCount);
                Assert.Equal(summary.OnlineCount, room.Room.OnlineCount);
                var key = new RoomKey(appId, summary.RoomId);
                Assert.False(state.ContainsKey(key), $"{key} listed twice");
                state[key] = new RoomTruth(
                    summary.RoomSession,
                    summary.CreateTimeMs,
                    summary.Creator,
                    room.Users.ToDictionary(u => u.UserAccount, u => new UserTruth(u.UserAccount, u.Nickname, u.Role, u.LoginTimeMs)));
            }
        }

        return state;
    }
}
