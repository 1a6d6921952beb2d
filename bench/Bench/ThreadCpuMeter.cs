namespace KafkaRooms.Bench;

/// <summary>
/// CPU seconds of one process between two points, split by the kind of thread that spent them
/// (per-thread times from /proc/&lt;pid&gt;/task/&lt;tid&gt;/stat): librdkafka's own threads
/// (it names them <c>rdk:main</c>, <c>rdk:broker1</c>...), the JIT's tiering thread, the
/// garbage collector's threads, and everything else (Kestrel, the thread pool, the Kafka
/// client's delivery-report thread). The total is the process's own figure, which keeps the
/// time of threads that ended in between; "everything else" is the total less the others.
/// Beside the CPU, each thread's voluntary context switches (from .../status): how often the
/// thread blocked and was woken again, the unit a trickle's cost comes in on this machine
/// (docs/benchmarks.md, "Worker under a trickle", eighth round).
/// </summary>
internal sealed class ThreadCpuMeter
{
    private readonly int _pid;
    private readonly double _startTotal;
    private readonly Dictionary<int, (ThreadKind Kind, double Seconds, long Wakeups)> _startThreads;

    private ThreadCpuMeter(int pid)
    {
        _pid = pid;
        _startTotal = CpuMeter.ReadStat($"/proc/{pid}/stat")?.Seconds ?? 0;
        _startThreads = Threads(pid);
    }

    public static ThreadCpuMeter Start(int pid) => new(pid);

    public ThreadCpu Stop()
    {
        var total = (CpuMeter.ReadStat($"/proc/{_pid}/stat")?.Seconds ?? _startTotal) - _startTotal;
        double librdkafka = 0, jit = 0, gc = 0;
        long wakeups = 0, librdkafkaWakeups = 0;
        foreach (var (tid, (kind, seconds, switches)) in Threads(_pid))
        {
            var known = _startThreads.TryGetValue(tid, out var start);
            var spent = seconds - (known ? start.Seconds : 0);
            var woken = switches - (known ? start.Wakeups : 0);
            wakeups += woken;
            switch (kind)
            {
                case ThreadKind.Librdkafka:
                    librdkafka += spent;
                    librdkafkaWakeups += woken;
                    break;
                case ThreadKind.Jit:
                    jit += spent;
                    break;
                case ThreadKind.Gc:
                    gc += spent;
                    break;
            }
        }

        return new ThreadCpu(total, librdkafka, jit, gc, wakeups, librdkafkaWakeups);
    }

    private static Dictionary<int, (ThreadKind Kind, double Seconds, long Wakeups)> Threads(int pid)
    {
        var threads = new Dictionary<int, (ThreadKind, double, long)>();
        string[] tasks;
        try
        {
            tasks = Directory.GetDirectories($"/proc/{pid}/task");
        }
        catch (DirectoryNotFoundException)
        {
            return threads;
        }

        foreach (var task in tasks)
        {
            if (int.TryParse(Path.GetFileName(task), out var tid) && CpuMeter.ReadStat(Path.Combine(task, "stat")) is var (name, seconds))
            {
                threads[tid] = (KindOf(name), seconds, VoluntarySwitches(Path.Combine(task, "status")));
            }
        }

        return threads;
    }

    private static long VoluntarySwitches(string statusPath)
    {
        try
        {
            foreach (var line in File.ReadLines(statusPath))
            {
                if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan("voluntary_ctxt_switches:".Length).Trim(), System.Globalization.CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The thread ended in between.
        }

        return 0;
    }

    // Linux keeps 15 characters of a thread's name: ".NET Tiered Compilation" reads ".NET Tiered Com".
    private static ThreadKind KindOf(string name) =>
        name.StartsWith("rdk:", StringComparison.Ordinal) ? ThreadKind.Librdkafka
        : name.StartsWith(".NET Tiered", StringComparison.Ordinal) ? ThreadKind.Jit
        : name is ".NET Server GC" or ".NET BGC" or ".NET GC" ? ThreadKind.Gc
        : ThreadKind.Other;

    private enum ThreadKind
    {
        Other,
        Librdkafka,
        Jit,
        Gc,
    }
}

/// <summary>CPU seconds of one process over a measurement, by kind of thread, and its threads' wakeups (voluntary context switches).</summary>
internal readonly record struct ThreadCpu(double Total, double Librdkafka, double Jit, double Gc, long Wakeups, long LibrdkafkaWakeups)
{
    /// <summary>Everything but librdkafka's threads: the .NET side of the process.</summary>
    public double Managed => Total - Librdkafka;
}
