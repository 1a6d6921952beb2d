using System.Globalization;

namespace KafkaRooms.Bench;

/// <summary>
/// CPU time of named processes between two points, as a share of one core: the evidence of
/// which process limits a figure on a machine where every process shares two cores.
/// </summary>
internal sealed class CpuMeter
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux
    private readonly Dictionary<string, int[]> _processes;
    private readonly Dictionary<string, double> _start;
    private readonly DateTime _started = DateTime.UtcNow;
    private Dictionary<string, double>? _stop;
    private DateTime _stopped;

    private CpuMeter(Dictionary<string, int[]> processes)
    {
        _processes = processes;
        _start = processes.ToDictionary(p => p.Key, p => Seconds(p.Value));
    }

    public static CpuMeter Start(Dictionary<string, int[]> processes) => new(processes);

    /// <summary>Freezes the figures at this point (later calls report up to here).</summary>
    public void Stop()
    {
        _stopped = DateTime.UtcNow;
        _stop = _processes.ToDictionary(p => p.Key, p => Seconds(p.Value));
    }

    /// <summary>Wall time measured (to now, or to <see cref="Stop"/>).</summary>
    public TimeSpan Wall => (_stop is null ? DateTime.UtcNow : _stopped) - _started;

    /// <summary>CPU seconds the named processes used.</summary>
    public double CpuSeconds(string name) =>
        (_stop is { } stop ? stop[name] : Seconds(_processes[name])) - _start[name];

    /// <summary>Share of one core, in percent.</summary>
    public double CoreShare(string name) => CpuSeconds(name) / Wall.TotalSeconds * 100;

    /// <summary>CPU microseconds per unit of work (message) of the named processes.</summary>
    public double MicrosecondsPer(string name, long count) => count == 0 ? double.NaN : CpuSeconds(name) * 1e6 / count;

    /// <summary>"redis-server 98 %, worker 85 %, ..." of one core each, since the start.</summary>
    public string Report() =>
        string.Join(", ", _processes.Keys.Select(name => $"{name} {CoreShare(name):F0} %"));


    /// <summary>
    /// The command name and the CPU seconds (user + system) of a /proc/&lt;pid&gt;/stat or
    /// /proc/&lt;pid&gt;/task/&lt;tid&gt;/stat file; null when the process or thread is gone.
    /// </summary>
    public static (string Name, double Seconds)? ReadStat(string path)
    {
        try
        {
            // The command name sits in parentheses and may hold spaces; utime and stime are the
            // 14th and 15th fields, the 12th and 13th after it.
            var stat = File.ReadAllText(path);
            var open = stat.IndexOf('(');
            var close = stat.LastIndexOf(')');
            var fields = stat[(close + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return (stat[(open + 1)..close], ticks / TicksPerSecond);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static double Seconds(int[] pids) => pids.Sum(pid => ReadStat($"/proc/{pid}/stat")?.Seconds ?? 0);
}
