using KafkaRooms.Rooms.Contract;

namespace KafkaRooms.LoadGenerator;

/// <summary>
/// What a consumer shows that applies callbacks in arrival order with no rules: create adds the
/// room, close removes it, login adds the user, logout removes them. The demo prints it beside
/// the real state to show what goes wrong.
/// </summary>
internal sealed class NaiveRoomList
{
    private readonly Dictionary<string, ulong> _rooms = [];
    private readonly Dictionary<string, SortedSet<string>> _users = [];

    public void Apply(RoomEvent e)
    {
        switch (e.Kind)
        {
            case RoomEventKind.RoomCreated:
                _rooms[e.RoomId] = e.RoomSession;
                break;
            case RoomEventKind.RoomClosed:
                _rooms.Remove(e.RoomId);
                _users.Remove(e.RoomId);
                break;
            case RoomEventKind.UserLoggedIn:
                Users(e.RoomId).Add(e.UserAccount!);
                break;
            case RoomEventKind.UserLoggedOut:
                Users(e.RoomId).Remove(e.UserAccount!);
                break;
        }
    }

    public ulong? Session(string roomId) => _rooms.TryGetValue(roomId, out var session) ? session : null;

    /// <summary>The user list it keeps for a room, whether or not it still lists the room.</summary>
    public IReadOnlyCollection<string> UsersOf(string roomId) =>
        _users.TryGetValue(roomId, out var users) ? users : [];

    private SortedSet<string> Users(string roomId)
    {
        if (!_users.TryGetValue(roomId, out var users))
        {
            _users[roomId] = users = new SortedSet<string>(StringComparer.Ordinal);
        }

        return users;
    }
}
