using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace KafkaRooms.FakeZego.ServerApi;

/// <summary>
/// Who is in which room on ZEGO's side right now: the scenario the fake server API answers from.
/// A room exists while it has users (ZEGO closes a room its last user left), so an empty room is
/// an absent one. Users are kept in login order.
/// </summary>
public sealed class ZegoRoomDirectory
{
    private readonly ConcurrentDictionary<(uint App, string Room), ImmutableList<ZegoRoomUser>> _rooms = new();

    /// <summary>Replaces the room's users (none: the room is gone).</summary>
    public void SetUsers(uint appId, string roomId, IEnumerable<ZegoRoomUser> users)
    {
        var list = users.ToImmutableList();
        if (list.IsEmpty)
        {
            _rooms.TryRemove((appId, roomId), out _);
        }
        else
        {
            _rooms[(appId, roomId)] = list;
        }
    }

    public void Join(uint appId, string roomId, ZegoRoomUser user) =>
        _rooms.AddOrUpdate((appId, roomId), _ => [user], (_, users) => users.RemoveAll(u => u.UserId == user.UserId).Add(user));

    public void Leave(uint appId, string roomId, string userId) =>
        SetUsers(appId, roomId, UsersOf(appId, roomId).Where(u => u.UserId != userId));

    /// <summary>The room closes: everyone leaves.</summary>
    public void Close(uint appId, string roomId) => _rooms.TryRemove((appId, roomId), out _);

    public IReadOnlyList<ZegoRoomUser> UsersOf(uint appId, string roomId) =>
        _rooms.TryGetValue((appId, roomId), out var users) ? users : [];
}
