using KafkaRooms.RoomHistories;
using KafkaRooms.Rooms.Reading;

namespace KafkaRooms.Rooms.IntegrationTests;

/// <summary>
/// What a game server keeps from the change feed alone (docs/change-feed.md, "Consuming"): a
/// room_opened sets the room with no users, room_closed removes it, user changes of the room's
/// session add or remove the user. Seeded from a room list, or from nothing.
/// </summary>
public sealed class RoomsFromFeed
{
    private readonly Dictionary<RoomKey, FeedRoom> _rooms = [];

    public IReadOnlyDictionary<RoomKey, FeedRoom> Rooms => _rooms;

    public void Seed(uint app, RoomView room) =>
        _rooms[new RoomKey(app, room.Room.RoomId)] = new FeedRoom(room.Room.RoomSession, room.Room.CreateTimeMs, room.Room.Creator)
        {
            Users = room.Users.Select(u => u.UserAccount).ToHashSet(StringComparer.Ordinal),
            OnlineCount = room.Room.OnlineCount,
        };

    public void Apply(uint app, RoomChange change)
    {
        var key = new RoomKey(app, change.RoomId);
        switch (change.Kind)
        {
            case RoomChangeKind.RoomOpened:
                _rooms[key] = new FeedRoom(change.RoomSession, change.TimeMs, change.Creator!);
                break;
            case RoomChangeKind.RoomClosed:
                _rooms.Remove(key);
                break;
            case RoomChangeKind.UserJoined or RoomChangeKind.UserLeft
                when _rooms.TryGetValue(key, out var room) && room.Session == change.RoomSession:
                if (change.Kind == RoomChangeKind.UserJoined)
                {
                    room.Users.Add(change.UserAccount!);
                }
                else
                {
                    room.Users.Remove(change.UserAccount!);
                }

                room.OnlineCount = change.OnlineCount!.Value;
                break;
        }
    }

    /// <summary>Where this view and the truth (rooms, sessions, create times, creators, online users) disagree.</summary>
    public List<string> DifferencesFrom(IReadOnlyDictionary<RoomKey, RoomTruth> truth)
    {
        var differences = new List<string>();
        foreach (var (key, expected) in truth)
        {
            if (!_rooms.TryGetValue(key, out var room))
            {
                differences.Add($"{key}: missing from the feed's view");
                continue;
            }

            var users = expected.OnlineUsers.Keys.Order(StringComparer.Ordinal).ToList();
            var seen = room.Users.Order(StringComparer.Ordinal).ToList();
            if (room.Session != expected.RoomSession || room.CreateTimeMs != expected.CreateTimeMs || room.Creator != expected.Creator
                || !users.SequenceEqual(seen) || room.OnlineCount != users.Count)
            {
                differences.Add($"{key}: feed {room.Session}/{room.CreateTimeMs}/{room.Creator} [{string.Join(",", seen)}] count {room.OnlineCount}, " +
                    $"expected {expected.RoomSession}/{expected.CreateTimeMs}/{expected.Creator} [{string.Join(",", users)}]");
            }
        }

        differences.AddRange(_rooms.Keys.Where(key => !truth.ContainsKey(key)).Select(key => $"{key}: in the feed's view, not open"));
        return differences;
    }
}

public sealed record FeedRoom(ulong Session, long CreateTimeMs, string Creator)
{
    public HashSet<string> Users { get; init; } = new(StringComparer.Ordinal);

    public long OnlineCount { get; set; }
}
