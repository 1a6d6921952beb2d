using KafkaRooms.Rooms.Reading;

namespace KafkaRooms.RoomHistories;

/// <summary>A room state read back as a game server reads it, in the shape of the truth (<see cref="TruthDiff"/>).</summary>
public static class StateReading
{
    public static async Task<Dictionary<RoomKey, RoomTruth>> ReadAsync(RoomReader reader, IEnumerable<uint> appIds)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(appIds);
        var state = new Dictionary<RoomKey, RoomTruth>();
        foreach (var appId in appIds.Distinct())
        {
            await foreach (var room in reader.ListAllRoomsAsync(appId))
            {
                var users = await reader.ListUsersAsync(appId, room.RoomId) ?? [];
                state[new RoomKey(appId, room.RoomId)] = new RoomTruth(
                    room.RoomSession,
                    room.CreateTimeMs,
                    room.Creator,
                    users.ToDictionary(u => u.UserAccount, u => new UserTruth(u.UserAccount, u.Nickname, u.Role, u.LoginTimeMs)));
            }
        }

        return state;
    }
}
