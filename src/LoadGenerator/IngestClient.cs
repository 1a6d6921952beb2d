using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using KafkaRooms.RoomHistories;
using KafkaRooms.Rooms.Contract;
using KafkaRooms.Rooms.Reading;

namespace KafkaRooms.LoadGenerator;

/// <summary>Talks to Ingest: signed callbacks in, the read API out.</summary>
internal sealed class IngestClient(HttpClient http, string secret, TimeProvider time)
{
    /// <summary>Posts one callback; returns the HTTP status (0 when the request itself failed) and the latency.</summary>
    public async Task<(int Status, TimeSpan Latency)> SendAsync(RoomEvent e, CancellationToken cancellationToken)
    {
        var body = ZegoCallbackWriter.Write(e, secret, time.GetUtcNow().ToUnixTimeSeconds(),
            Random.Shared.NextInt64(1, long.MaxValue).ToString(CultureInfo.InvariantCulture));
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.PostAsync("zego/callback", content, cancellationToken);
            return ((int)response.StatusCode, Stopwatch.GetElapsedTime(started));
        }
        catch (HttpRequestException)
        {
            return (0, Stopwatch.GetElapsedTime(started));
        }
    }

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
