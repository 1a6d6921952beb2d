using KafkaRooms.Rooms.Redis;
using KafkaRooms.Testing.Redis;
using StackExchange.Redis;

namespace KafkaRooms.Bench;

/// <summary>
/// (1c) Two versions of the batched rule script in lockstep: the one built in and another read
/// from a directory of its parts (e.g. `git show REV:src/Rooms/Redis/Scripts/...`), each on a
/// redis-server of its own, sent the same prebuilt calls of the ceiling (1b) in alternating
/// chunks of a few calls, so that what the machine's neighbours take falls on both alike. Redis
/// CPU per event from /proc, per round and in total; the answers of the two must agree.
/// </summary>
internal static class ScriptAbBench
{
    private const int CallsPerChunk = 32;

    public sealed record Result(double BaselineMicrosPerEvent, double BuiltInMicrosPerEvent, IReadOnlyList<string> Rounds, int Events, int Calls);

    public static async Task<Result> RunAsync(string baselineDirectory, int eventCount, int rounds)
    {
        string[] parts = ["common.lua", "call.lua", "user_events.lua", "room_events.lua", "apply_batch.lua"];
        var baseline = string.Join("\n", parts.Select(part => File.ReadAllText(Path.Combine(baselineDirectory, part))));
        var calls = RedisCeilingBench.BuildCalls(eventCount, out var events);

        await using var first = RedisServerFixture.Private();
        await using var second = RedisServerFixture.Private();
        await first.InitializeAsync();
        await second.InitializeAsync();
        var servers = new[] { (Fixture: first, Script: baseline), (Fixture: second, Script: RoomScripts.ApplyBatch) }
            .Select(s => (Target: new RedisTarget("redis-server", s.Fixture.ConnectionString, s.Fixture.Connection), s.Fixture.Connection, s.Script))
            .ToList();
        var loaded = new List<(IDatabase Db, byte[] Sha, int Pid)>();
        foreach (var (target, connection, script) in servers)
        {
            var sha = await connection.GetServer(connection.GetEndPoints()[0]).ScriptLoadAsync(script);
            loaded.Add((connection.GetDatabase(), sha, (await target.ProcessIdsAsync()).Single()));
        }

        var totals = new double[2];
        var lines = new List<string>();
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var (target, _, _) in servers)
            {
                await target.FlushAsync();
            }

            var cpu = new double[2];
            var answers = new[] { new string[calls.Count], new string[calls.Count] };
            for (var start = 0; start < calls.Count; start += CallsPerChunk)
            {
                // Which server goes first alternates by round.
                foreach (var i in round % 2 == 1 ? new[] { 0, 1 } : [1, 0])
                {
                    var (db, sha, pid) = loaded[i];
                    var before = CpuSeconds(pid);
                    var end = Math.Min(calls.Count, start + CallsPerChunk);
                    var pending = new Task<RedisResult>[end - start];
                    for (var c = start; c < end; c++)
                    {
                        pending[c - start] = db.ScriptEvaluateAsync(sha, calls[c].Keys, calls[c].Args);
                    }

                    var results = await Task.WhenAll(pending);
                    cpu[i] += CpuSeconds(pid) - before;
                    for (var c = start; c < end; c++)
                    {
                        answers[i][c] = (string)results[c - start]!;
                    }
                }
            }

            if (!answers[0].SequenceEqual(answers[1]))
            {
                throw new InvalidOperationException($"round {round}: the two scripts answered differently");
            }

            totals[0] += cpu[0];
            totals[1] += cpu[1];
            lines.Add($"round {round}: baseline {cpu[0] * 1e6 / events:F2} µs/event, built in {cpu[1] * 1e6 / events:F2} µs/event, ratio {cpu[1] / cpu[0]:F3}");
        }

        return new Result(totals[0] * 1e6 / events / rounds, totals[1] * 1e6 / events / rounds, lines, events, calls.Count);
    }

    private static double CpuSeconds(int pid) => CpuMeter.ReadStat($"/proc/{pid}/stat")?.Seconds
        ?? throw new InvalidOperationException($"redis-server {pid} is gone");
}
