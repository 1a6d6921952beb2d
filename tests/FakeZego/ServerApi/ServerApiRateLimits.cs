namespace KafkaRooms.FakeZego.ServerApi;

/// <summary>
/// ZEGO's DescribeUserList limits as the fake enforces them: at most <paramref name="RequestsPerSecondPerApp"/>
/// requests of one app in any second (a sliding window), and a room asked at most once per
/// <paramref name="RoomInterval"/>. ZEGO's 2024 documentation says 200/s per app and 1/s per room;
/// older pages said 10/s per app.
/// </summary>
public sealed record ServerApiRateLimits(int RequestsPerSecondPerApp, TimeSpan RoomInterval)
{
    public static ServerApiRateLimits Default { get; } = new(10, TimeSpan.FromSeconds(1));
}

/// <summary>The fake's memory of recent requests, per app and per room.</summary>
internal sealed class ServerApiRateLimiter(ServerApiRateLimits limits)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<uint, Queue<DateTimeOffset>> _appRequests = [];
    private readonly Dictionary<(uint, string), DateTimeOffset> _roomRequests = [];

    /// <summary>Counts the request and says which limit it breaks, if any.</summary>
    public ServerApiOutcome? Admit(uint appId, string roomId, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (!_appRequests.TryGetValue(appId, out var recent))
            {
                _appRequests[appId] = recent = new Queue<DateTimeOffset>();
            }

            while (recent.Count > 0 && now - recent.Peek() >= TimeSpan.FromSeconds(1))
            {
                recent.Dequeue();
            }

            recent.Enqueue(now);
            var previous = _roomRequests.GetValueOrDefault((appId, roomId), DateTimeOffset.MinValue);
            _roomRequests[(appId, roomId)] = now;
            if (recent.Count > limits.RequestsPerSecondPerApp)
            {
                return ServerApiOutcome.RateLimitedApp;
            }

            return now - previous < limits.RoomInterval ? ServerApiOutcome.RateLimitedRoom : null;
        }
    }
}
