using System.Net;
using System.Net.Http.Json;
using KafkaRooms.FakeZego;
using KafkaRooms.FakeZego.ServerApi;
using KafkaRooms.Rooms.Contract;
using KafkaRooms.Rooms.Reading;

namespace KafkaRooms.FakeZegoServer;

/// <summary>
/// Two rooms whose callbacks get lost (docs/reconciliation.md, "Try it"): one room's close, and in
/// another a logout (a ghost user) and a login (a hidden user). ZEGO's server API knows the truth;
/// the demo shows the read API until the Worker's reconciler has repaired both, then its metrics.
/// </summary>
internal sealed class LostCallbacksDemo(DemoOptions options, FakeZegoServerApi zego, HttpClient http, TextWriter output)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Timeout);
        try
        {
            await AwaitReadyAsync(deadline.Token);
            var (closeRoom, ghostRoom) = await SendAsync(deadline.Token);
            await WatchAsync(closeRoom, ghostRoom, deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            output.WriteLine($"demo-lost: not repaired within {options.Timeout.TotalSeconds:0} s; see the Worker's log");
            await PrintMetricsAsync(CancellationToken.None);
            return 1;
        }

        await PrintMetricsAsync(cancellationToken);
        return 0;
    }

    private async Task AwaitReadyAsync(CancellationToken cancellationToken)
    {
        foreach (var service in new[] { options.Ingest, options.Read, options.Worker })
        {
            while (!await AnswersAsync(new Uri(service, "healthz"), cancellationToken))
            {
                await Task.Delay(500, cancellationToken);
            }
        }
    }

    private async Task<bool> AnswersAsync(Uri url, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(url, cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    // Sends the callbacks that arrive (each must be acknowledged) and tells the fake ZEGO who is really in each room.
    private async Task<(string CloseRoom, string GhostRoom)> SendAsync(CancellationToken cancellationToken)
    {
        var run = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var t = run - 10_000;
        var (closeRoom, ghostRoom) = ($"lost-close-{run}", $"ghost-{run}");
        var (closeSession, ghostSession) = ((ulong)run * 10, ((ulong)run * 10) + 1);
        RoomEvent[] arrive =
        [
            Event(RoomEventKind.RoomCreated, closeRoom, closeSession, t) with { Creator = "alice" },
            Login(closeRoom, closeSession, "alice", t + 100),
            Event(RoomEventKind.UserLoggedOut, closeRoom, closeSession, t + 200) with { UserAccount = "alice", UserSession = "alice-1", Reason = "0" },
            Event(RoomEventKind.RoomCreated, ghostRoom, ghostSession, t) with { Creator = "bob" },
            Login(ghostRoom, ghostSession, "bob", t + 100),
            Login(ghostRoom, ghostSession, "carol", t + 150),
        ];
        output.WriteLine($"sending {arrive.Length} callbacks to {options.Ingest}; LOST: the close of {closeRoom}, carol's logout and dave's login in {ghostRoom}");
        using var ingest = new HttpClient { BaseAddress = options.Ingest, Timeout = TimeSpan.FromSeconds(10) };
        var sender = new CallbackSender(ingest, new ZegoApp(options.AppId, options.CallbackSecret));
        foreach (var e in arrive)
        {
            var (status, _) = await sender.SendAsync(e, cancellationToken);
            if (status != 200)
            {
                throw new InvalidOperationException($"Ingest answered {status} to the {e.Kind} of {e.RoomId}");
            }
        }

        // ZEGO's truth: the first room closed (ZEGO lists no one), carol left, dave came.
        zego.Rooms.Close(options.AppId, closeRoom);
        zego.Rooms.SetUsers(options.AppId, ghostRoom, [new ZegoRoomUser("bob", "nick bob", 2), new ZegoRoomUser("dave", "nick dave", 2)]);
        output.WriteLine($"fake ZEGO now lists: {closeRoom}: nobody; {ghostRoom}: bob, dave");
        return (closeRoom, ghostRoom);
    }

    private RoomEvent Event(RoomEventKind kind, string room, ulong session, long t) =>
        new() { Kind = kind, AppId = options.AppId, RoomId = room, RoomSession = session, TimeMs = t };

    private RoomEvent Login(string room, ulong session, string user, long t) =>
        Event(RoomEventKind.UserLoggedIn, room, session, t) with { UserAccount = user, UserSession = $"{user}-1", Nickname = $"nick {user}", Role = "2" };

    // Prints each room whenever the read API shows it differently, until both agree with ZEGO.
    private async Task WatchAsync(string closeRoom, string ghostRoom, CancellationToken cancellationToken)
    {
        var shown = new Dictionary<string, string>(StringComparer.Ordinal);
        var started = DateTimeOffset.UtcNow;
        while (true)
        {
            var close = await DescribeAsync(closeRoom, cancellationToken);
            var ghost = await DescribeAsync(ghostRoom, cancellationToken);
            foreach (var (room, now) in new[] { (closeRoom, close), (ghostRoom, ghost) })
            {
                if (shown.GetValueOrDefault(room) != now)
                {
                    shown[room] = now;
                    output.WriteLine($"  +{(DateTimeOffset.UtcNow - started).TotalSeconds,5:0.0} s  {room}: {now}");
                }
            }

            if (close == NotOpen && ghost.StartsWith("open, users [bob, dave]", StringComparison.Ordinal))
            {
                output.WriteLine("repaired: the read API agrees with ZEGO (corrective events with source=reconcile, applied by the Worker)");
                return;
            }

            await Task.Delay(1000, cancellationToken);
        }
    }

    private const string NotOpen = "not open (404)";

    private async Task<string> DescribeAsync(string roomId, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri(options.Read, $"v1/apps/{options.AppId}/rooms/{Uri.EscapeDataString(roomId)}"), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return NotOpen;
        }

        response.EnsureSuccessStatusCode();
        var room = await response.Content.ReadFromJsonAsync(ReadApiJsonContext.Default.RoomResponse, cancellationToken)
            ?? throw new InvalidOperationException($"the read API returned no room {roomId}");
        var users = string.Join(", ", room.Users.Select(u => u.UserAccount).Order(StringComparer.Ordinal));
        var suspect = room.Suspect ? $"suspect: {string.Join(", ", room.SuspectReasons)}" : "not suspect";
        return $"open, users [{users}], last_event_ms {room.LastEventMs}, {suspect}";
    }

    private async Task PrintMetricsAsync(CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await http.GetStringAsync(new Uri(options.Worker, "metrics"), cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            output.WriteLine($"the Worker's /metrics did not answer: {ex.Message}");
            return;
        }

        output.WriteLine($"the Worker's reconciliation metrics ({options.Worker}metrics):");
        foreach (var line in text.Split('\n').Where(l => l.StartsWith("kafkarooms_reconcile", StringComparison.Ordinal) || l.StartsWith("kafkarooms_rooms_suspect", StringComparison.Ordinal)))
        {
            output.WriteLine($"  {line}");
        }
    }
}
