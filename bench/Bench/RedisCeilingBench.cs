using System.Diagnostics;
using System.Globalization;
using System.Text;
using KafkaRooms.Rooms.Contract;

namespace KafkaRooms.Bench;

/// <summary>
/// (1) The Redis ceiling: redis-benchmark calling the project's RoomCreated script by SHA,
/// pipelined, against the same redis-server. The exact command is taken from MONITOR while the
/// store applies one RoomCreated, so the ceiling runs the very script and arguments the store sends.
/// </summary>
internal static class RedisCeilingBench
{
    private const string Marker = "benchceilingroom";

    public static async Task<(double PerSecond, string Command)> RunAsync(BenchEnvironment environment, int requests)
    {
        await environment.FlushRedisAsync();
        var command = await CaptureRoomCreatedAsync(environment);
        // Fresh room ids per call (redis-benchmark replaces __rand_int__), so most calls create a room.
        var arguments = command.Select(a => a.Replace(Marker, "r__rand_int__", StringComparison.Ordinal)).ToList();
        var start = new ProcessStartInfo("redis-benchmark") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])["-p", environment.RedisPort.ToString(CultureInfo.InvariantCulture), "-n", requests.ToString(CultureInfo.InvariantCulture),
                     "-P", "32", "-c", "16", "-r", "100000000", "-q", .. arguments])
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        // -q prints "<command>: 123456.79 requests per second, p50=..." (carriage returns for progress).
        var line = output.Split('\r', '\n').LastOrDefault(l => l.Contains("requests per second", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"redis-benchmark printed no rate: {output}");
        var rate = double.Parse(System.Text.RegularExpressions.Regex.Match(line, @"([\d.]+) requests per second").Groups[1].Value, CultureInfo.InvariantCulture);
        var shown = $"redis-benchmark -p PORT -n {requests} -P 32 -c 16 -r 100000000 -q EVALSHA <room_created sha> {arguments[2]} ...";
        await environment.FlushRedisAsync();
        return (rate, shown);
    }

    private static async Task<List<string>> CaptureRoomCreatedAsync(BenchEnvironment environment)
    {
        var start = new ProcessStartInfo("redis-cli") { RedirectStandardOutput = true };
        start.ArgumentList.Add("-p");
        start.ArgumentList.Add(environment.RedisPort.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add("MONITOR");
        using var monitor = Process.Start(start)!;
        await monitor.StandardOutput.ReadLineAsync(); // "OK"
        var store = environment.NewStore();
        var roomEvent = new RoomEvent
        {
            Kind = RoomEventKind.RoomCreated, AppId = 1, RoomId = Marker, RoomSession = 858012925204410400,
            TimeMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Creator = "bench",
        };
        // Twice: the first call may be an EVAL that loads the script; the second is by SHA.
        await store.ApplyAsync(roomEvent);
        await store.ApplyAsync(roomEvent with { RoomSession = roomEvent.RoomSession + 1 });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        List<string>? evalsha = null;
        while (evalsha is null)
        {
            var line = await monitor.StandardOutput.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("MONITOR ended");
            var words = ParseMonitorLine(line);
            if (words.Count > 0 && words[0].Equals("EVALSHA", StringComparison.OrdinalIgnoreCase) && words.Any(w => w.Contains(Marker, StringComparison.Ordinal)))
            {
                evalsha = words;
            }
        }

        monitor.Kill();
        // The second call's session is one higher; use the first call's shape for every request.
        return evalsha;
    }

    /// <summary>Reads the quoted words of a MONITOR line: 123.456 [0 127.0.0.1:1] "EVALSHA" "abc" ...</summary>
    internal static List<string> ParseMonitorLine(string line)
    {
        var words = new List<string>();
        var i = line.IndexOf(']', StringComparison.Ordinal) + 1;
        while (i > 0 && i < line.Length)
        {
            var open = line.IndexOf('"', i);
            if (open < 0)
            {
                break;
            }

            var bytes = new List<byte>();
            var j = open + 1;
            for (; j < line.Length && line[j] != '"'; j++)
            {
                if (line[j] == '\\' && j + 1 < line.Length)
                {
                    j++;
                    switch (line[j])
                    {
                        case 'x':
                            bytes.Add(byte.Parse(line.AsSpan(j + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                            j += 2;
                            break;
                        case 'n': bytes.Add((byte)'\n'); break;
                        case 't': bytes.Add((byte)'\t'); break;
                        case 'r': bytes.Add((byte)'\r'); break;
                        default: bytes.AddRange(Encoding.UTF8.GetBytes(line[j].ToString())); break;
                    }
                }
                else
                {
                    bytes.AddRange(Encoding.UTF8.GetBytes(line[j].ToString()));
                }
            }

            words.Add(Encoding.UTF8.GetString(bytes.ToArray()));
            i = j + 1;
        }

        return words;
    }
}
