using System.Collections.Concurrent;

namespace KafkaRooms.FakeZego.ServerApi;

/// <summary>How the fake server API answered one request.</summary>
public enum ServerApiOutcome
{
    /// <summary>A page of the user list.</summary>
    Answered,

    /// <summary>The configured <see cref="ServerApiFault"/> instead of the list.</summary>
    Faulted,

    /// <summary>Code 206: more requests for the app in the last second than its limit.</summary>
    RateLimitedApp,

    /// <summary>Code 206: the room was asked again within its interval.</summary>
    RateLimitedRoom,

    /// <summary>Code 100000005: the signature does not match the app's server secret.</summary>
    BadSignature,

    /// <summary>Code 100000004: the timestamp is more than 10 minutes away.</summary>
    StaleTimestamp,

    /// <summary>Another refused request (unknown action or app, a missing or malformed parameter).</summary>
    BadRequest,
}

/// <summary>One request the fake received.</summary>
public sealed record ServerApiRequest(DateTimeOffset At, uint AppId, string? RoomId, string Marker, ServerApiOutcome Outcome);

/// <summary>Every request the fake server API received, for tests to assert on.</summary>
public sealed class ServerApiRequestLog
{
    private readonly ConcurrentQueue<ServerApiRequest> _requests = new();

    public IReadOnlyList<ServerApiRequest> All => [.. _requests];

    public int Count(ServerApiOutcome outcome) => _requests.Count(r => r.Outcome == outcome);

    public IReadOnlyList<ServerApiRequest> ForRoom(uint appId, string roomId) =>
        [.. _requests.Where(r => r.AppId == appId && r.RoomId == roomId)];

    internal void Add(ServerApiRequest request) => _requests.Enqueue(request);
}
