using System.Globalization;

namespace KafkaRooms.Bench;

/// <summary>
/// CPU time of named processes between two points, as a share of one core: the evidence of
/// which process limits a figure on a machine where every process shares two cores.
/// </summary>
internal sealed class CpuMeter
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux
    private readonly Dictionary<string, int[]> _processes;
    private readonly Dictionary<string, double> _start;
    private readonly DateTime _started = DateTime.UtcNow;

    private CpuMeter(Dictionary<string, int[]> processes)
    {
        _processes = processes;
        _start = processes.ToDictionary(p => p.Key, p => Seconds(p.Value));
    }

    public static CpuMeter Start(Dictionary<string, int[]> processes) => new(processes);

    /// <summary>"redis-server 98 %, worker 85 %, ..." of one core each, since the start.</summary>
    public string Report()
    {
        var wall = (DateTime.UtcNow - _started).TotalSeconds;
        return string.Join(", ", _processes.Select(p =>
            $"{p.Key} {(Seconds(p.Value) - _start[p.Key]) / wall * 100:F0} %"));
    }

    /// <summary>CPU seconds (user + system) the named process used since the start.</summary>
    public double CpuSeconds(string process) => Seconds(_processes[process]) - _start[process];

    private static double Seconds(int[] pids) => pids.Sum(pid =>
    {
        try
        {
            // Fields after the command name (which may hold spaces): utime is the 14th, stime the 15th.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (IOException)
        {
            return 0;
        }
    });
}
