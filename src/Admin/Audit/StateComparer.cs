using System.Globalization;
using KafkaRooms.Rooms.Reading;

namespace KafkaRooms.Admin.Audit;

/// <summary>
/// Compares the live state with a replay room by room and user by user, through the public reader
/// (docs/redis-schema.md): open rooms with their lifecycle, create time and creator, and each
/// online user with nickname, role and login time.
/// </summary>
internal sealed class StateComparer(RoomReader live, RoomReader replay)
{
    private const int RoomsAtOnce = 64;

    private long _roomsCompared;
    private long _usersCompared;

    public long RoomsCompared => Interlocked.Read(ref _roomsCompared);

    public long UsersCompared => Interlocked.Read(ref _usersCompared);

    /// <summary>Rooms left out because they opened before --since (on both sides).</summary>
    public long RoomsBeforeSince { get; private set; }

    /// <summary>Every open room of the apps on either side; with <paramref name="sinceMs"/>, only rooms opened since.</summary>
    public async Task<List<StateDifference>> CompareAsync(IEnumerable<uint> apps, long? sinceMs, CancellationToken cancellationToken)
    {
        var differences = new List<StateDifference>();
        foreach (var app in apps.Order())
        {
            var rooms = new Dictionary<string, long>(StringComparer.Ordinal);
            await foreach (var room in live.ListAllRoomsAsync(app, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                rooms[room.RoomId] = room.CreateTimeMs;
            }

            await foreach (var room in replay.ListAllRoomsAsync(app, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                rooms[room.RoomId] = rooms.TryGetValue(room.RoomId, out var created) ? Math.Max(created, room.CreateTimeMs) : room.CreateTimeMs;
            }

            var compared = rooms.Where(r => sinceMs is not { } since || r.Value >= since).Select(r => (app, r.Key)).ToList();
            RoomsBeforeSince += rooms.Count - compared.Count;
            differences.AddRange(await RecheckAsync(compared, cancellationToken).ConfigureAwait(false));
        }

        return differences;
    }

    /// <summary>Compares the given rooms again (a room may differ only because an event was still on its way).</summary>
    public async Task<List<StateDifference>> RecheckAsync(IReadOnlyList<(uint App, string Room)> rooms, CancellationToken cancellationToken)
    {
        var differences = new List<StateDifference>();
        foreach (var chunk in rooms.Chunk(RoomsAtOnce))
        {
            var found = await Task.WhenAll(chunk.Select(r => CompareRoomAsync(r.App, r.Room, cancellationToken))).ConfigureAwait(false);
            differences.AddRange(found.SelectMany(d => d));
        }

        return differences;
    }

    private async Task<List<StateDifference>> CompareRoomAsync(uint app, string room, CancellationToken cancellationToken)
    {
        var liveRoom = live.GetRoomAsync(app, room, cancellationToken);
        var replayRoom = replay.GetRoomAsync(app, room, cancellationToken);
        var (l, r) = (await liveRoom.ConfigureAwait(false), await replayRoom.ConfigureAwait(false));
        Interlocked.Increment(ref _roomsCompared);
        var differences = new List<StateDifference>();
        if (l is null || r is null)
        {
            if (l is not null || r is not null)
            {
                differences.Add(new(l is null ? StateDifference.RoomMissing : StateDifference.RoomExtra, app, room, null, Describe(l), Describe(r)));
            }

            return differences;
        }

        if (l.Room.RoomSession != r.Room.RoomSession)
        {
            differences.Add(new(StateDifference.RoomSession, app, room, null, Describe(l), Describe(r)));
            return differences;
        }

        if (l.Room.CreateTimeMs != r.Room.CreateTimeMs || l.Room.Creator != r.Room.Creator)
        {
            differences.Add(new(StateDifference.RoomDetails, app, room, null, Describe(l), Describe(r)));
        }

        var liveUsers = l.Users.ToDictionary(u => u.UserAccount, StringComparer.Ordinal);
        var replayUsers = r.Users.ToDictionary(u => u.UserAccount, StringComparer.Ordinal);
        foreach (var account in liveUsers.Keys.Union(replayUsers.Keys).Order(StringComparer.Ordinal))
        {
            Interlocked.Increment(ref _usersCompared);
            var (lu, ru) = (liveUsers.GetValueOrDefault(account), replayUsers.GetValueOrDefault(account));
            var kind = lu is null ? StateDifference.UserMissing : ru is null ? StateDifference.UserExtra : lu == ru ? null : StateDifference.UserDetails;
            if (kind is not null)
            {
                differences.Add(new(kind, app, room, account, Describe(lu), Describe(ru)));
            }
        }

        return differences;
    }

    private static string Describe(RoomView? room) => room is null
        ? "not open"
        : string.Create(CultureInfo.InvariantCulture, $"open, session {room.Room.RoomSession}, created {room.Room.CreateTimeMs} by \"{room.Room.Creator}\", {room.Users.Count} online");

    private static string Describe(RoomUserView? user) => user is null
        ? "not online"
        : string.Create(CultureInfo.InvariantCulture, $"online since {user.LoginTimeMs} as \"{user.Nickname}\" ({user.Role})");
}
