using KafkaRooms.FakeZego;
using KafkaRooms.Rooms.Reading;

namespace KafkaRooms.LoadGenerator;

/// <summary>`make demo`: ZEGO's out-of-order examples through the real pipeline, beside a naive consumer.</summary>
internal sealed class DemoRun(LoadOptions options, IngestClient client, TextWriter output)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var examples = ZegoExamples.Create(options.AppId, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var naive = new NaiveRoomList();
        output.WriteLine("Rooms: create r1 (c1), close r1 (c2), create r1 again (c3), delivered c3, c1, c2.");
        output.WriteLine("Users of r1's second lifecycle: u1 login (c1), u2 login (c2), u1 logout (c3), u1 login again (c4), delivered c1, c4, c2, c3.");
        output.WriteLine();
        foreach (var e in examples.Delivery)
        {
            var (status, _) = await client.SendAsync(e, cancellationToken);
            output.WriteLine($"  POST {ZegoEventNames.Of(e.Kind),-11} session {e.RoomSession} {e.UserAccount,-3} -> {(status == 0 ? "no answer" : status)}");
            if (status is < 200 or >= 300)
            {
                output.WriteLine("Ingest did not accept the callback; is `make run` up?");
                return 1;
            }

            naive.Apply(e);
        }

        var room = await WaitForRoomAsync(examples, cancellationToken);
        var naiveSession = naive.Session(examples.RoomId);
        output.WriteLine();
        output.WriteLine($"{"",-14}{"naive (arrival order)",-34}KafkaRooms (GET /v1/apps/{options.AppId}/rooms/{examples.RoomId})");
        output.WriteLine($"{"room r1",-14}{(naiveSession is { } s ? $"open, session {s}" : "absent (deleted)"),-34}" +
            (room is null ? "absent" : $"open, session {room.RoomSessionId}"));
        output.WriteLine($"{"users of r1",-14}{Names(naive.UsersOf(examples.RoomId)) + (naiveSession is null ? " (of a deleted room)" : ""),-34}" +
            (room is null ? "-" : Names(room.Users.Select(u => u.UserAccount))));

        var correct = room is not null && room.RoomSessionId == examples.OpenSession.ToString(System.Globalization.CultureInfo.InvariantCulture)
            && room.Users.Select(u => u.UserAccount).Order().SequenceEqual(["u1", "u2"]);
        output.WriteLine();
        output.WriteLine(correct
            ? "KafkaRooms shows r1 open with its second lifecycle and u1, u2 online: the truth."
            : "KafkaRooms did not reach the expected state (r1 open with the second lifecycle, u1 and u2 online).");
        return correct ? 0 : 1;
    }

    private async Task<RoomResponse?> WaitForRoomAsync(ZegoExamples examples, CancellationToken cancellationToken)
    {
        var expected = examples.OpenSession.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var room = await client.GetRoomAsync(options.AppId, examples.RoomId, cancellationToken);
            if (room is not null && room.RoomSessionId == expected && room.Users.Count == 2 || DateTime.UtcNow > deadline)
            {
                return room;
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    private static string Names(IEnumerable<string> users)
    {
        var list = users.Order(StringComparer.Ordinal).ToList();
        return list.Count == 0 ? "(none)" : string.Join(", ", list);
    }
}
