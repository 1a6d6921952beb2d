using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using KafkaRooms.FakeZego;
using KafkaRooms.RoomHistories;
using KafkaRooms.Rooms.Contract;
using KafkaRooms.Rooms.Reading;

namespace KafkaRooms.LoadGenerator;

/// <summary>Talks to Ingest: signed callbacks in (through <see cref="CallbackSender"/>), the read API out.</summary>
internal sealed class IngestClient(HttpClient http, ZegoApp app)
{
    private readonly CallbackSender _sender = new(http, app);

    /// <summary>Posts one callback; returns the HTTP status (0 when the request itself failed) and the latency.</summary>
    public Task<(int Status, TimeSpan Latency)> SendAsync(RoomEvent e, CancellationToken cancellationToken) =>
        _sender.SendAsync(e, cancellationToken);

    /// <summary>Every open room of an app whose id starts with <paramref name="roomIdPrefix"/>, with its users.</summary>
    public async Task<Dictionary<RoomKey, RoomTruth>> ReadStateAsync(uint appId, string roomIdPrefix, CancellationToken cancellationToken)
    {
        var state = new Dictionary<RoomKey, RoomTruth>();
        string? cursor = null;
        do
        {
            var url = $"v1/apps/{appId}/rooms?limit=500" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            var page = await http.GetFromJsonAsync(url, ReadApiJsonContext.Default.RoomListResponse, cancellationToken)
                ?? throw new InvalidOperationException($"GET {url} returned nothing");
            foreach (var summary in page.Rooms.Where(r => r.RoomId.StartsWith(roomIdPrefix, StringComparison.Ordinal)))
            {
                if (await GetRoomAsync(appId, summary.RoomId, cancellationToken) is { } room)
                {
                    state[new RoomKey(appId, room.RoomId)] = ToTruth(room);
                }
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return state;
    }

    public async Task<RoomResponse?> GetRoomAsync(uint appId, string roomId, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"v1/apps/{appId}/rooms/{Uri.EscapeDataString(roomId)}", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync(ReadApiJsonContext.Default.RoomResponse, cancellationToken);
    }

    public static RoomTruth ToTruth(RoomResponse room) => new(
        ulong.Parse(room.RoomSessionId, NumberStyles.None, CultureInfo.InvariantCulture),
        room.RoomCreateTime,
        room.Creator,
        room.Users.ToDictionary(
            u => u.UserAccount,
            u => new UserTruth(u.UserAccount, u.UserNickname, u.UserRole, u.LoginTime)));
}
