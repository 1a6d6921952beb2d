using System.Diagnostics;
using KafkaRooms.Rooms.Contract;

namespace KafkaRooms.FakeZego;

/// <summary>Posts events to Ingest's callback URL as ZEGO would: signed JSON bodies.</summary>
public sealed class CallbackSender(HttpClient http, ZegoApp app)
{
    /// <summary>Posts one callback; returns the HTTP status (0 when the request itself failed) and the latency.</summary>
    public async Task<(int Status, TimeSpan Latency)> SendAsync(RoomEvent e, CancellationToken cancellationToken)
    {
        using var content = app.For(e).Signed().AsJson();
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
}
