namespace KafkaRooms.Bench;

/// <summary>
/// CPU seconds of one process between two points, split by the kind of thread that spent them
/// (per-thread times from /proc/&lt;pid&gt;/task/&lt;tid&gt;/stat): librdkafka's own threads
/// (it names them <c>rdk:main</c>, <c>rdk:broker1</c>...), the JIT's tiering thread, the
/// garbage collector's threads, the thread pool's workers, the socket engine's thread, and
/// everything else (the Kafka client's delivery-report thread, timers). The total is the
/// process's own figure, which keeps the time of threads that ended in between; "everything
/// else" is the total less the others. Beside the CPU, each thread's voluntary context switches
/// (from .../status): how often the thread blocked and was woken again, the unit a trickle's
/// cost comes in on this machine (docs/benchmarks.md, "Worker under a trickle", eighth round);
/// and the thread pool's involuntary ones: how often a pool thread that had not blocked was
/// switched out (a <c>sched_yield</c> while it spins for work, or preemption).
/// </summary>
internal sealed class ThreadCpuMeter
{
    private readonly int _pid;
    private readonly double _startTotal;
    private readonly Dictionary<int, ThreadSample> _startThreads;

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
        double librdkafka = 0, jit = 0, gc = 0, threadPool = 0, sockets = 0;
        long wakeups = 0, librdkafkaWakeups = 0, threadPoolSwitchedOut = 0;
        foreach (var (tid, now) in Threads(_pid))
        {
            var start = _startThreads.GetValueOrDefault(tid);
            var spent = now.Seconds - start.Seconds;
            var woken = now.Wakeups - start.Wakeups;
            wakeups += woken;
            switch (now.Kind)
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
                case ThreadKind.ThreadPool:
                    threadPool += spent;
                    threadPoolSwitchedOut += now.SwitchedOut - start.SwitchedOut;
                    break;
                case ThreadKind.Sockets:
                    sockets += spent;
                    break;
            }
        }

        return new ThreadCpu(total, librdkafka, jit, gc, wakeups, librdkafkaWakeups, threadPool, sockets, threadPoolSwitchedOut);
    }

    private static Dictionary<int, ThreadSample> Threads(int pid)
    {
        var threads = new Dictionary<int, ThreadSample>();
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
                var (voluntary, involuntary) = ContextSwitches(Path.Combine(task, "status"));
                threads[tid] = new ThreadSample(KindOf(name), seconds, voluntary, involuntary);
            }
        }

        return threads;
    }

    private static (long Voluntary, long Involuntary) ContextSwitches(string statusPath)
    {
        long voluntary = 0, involuntary = 0;
        try
        {
            foreach (var line in File.ReadLines(statusPath))
            {
                if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal))
                {
                    voluntary = long.Parse(line.AsSpan("voluntary_ctxt_switches:".Length).Trim(), System.Globalization.CultureInfo.InvariantCulture);
                }
                else if (line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                {
                    involuntary = long.Parse(line.AsSpan("nonvoluntary_ctxt_switches:".Length).Trim(), System.Globalization.CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The thread ended in between.
        }

        return (voluntary, involuntary);
    }

    // Linux keeps 15 characters of a thread's name: ".NET Tiered Compilation" reads ".NET Tiered Com".
    private static ThreadKind KindOf(string name) =>
        name.StartsWith("rdk:", StringComparison.Ordinal) ? ThreadKind.Librdkafka
        : name.StartsWith(".NET Tiered", StringComparison.Ordinal) ? ThreadKind.Jit
        : name is ".NET Server GC" or ".NET BGC" or ".NET GC" ? ThreadKind.Gc
        : name == ".NET TP Worker" ? ThreadKind.ThreadPool
        : name == ".NET Sockets" ? ThreadKind.Sockets
        : ThreadKind.Other;

    private readonly record struct ThreadSample(ThreadKind Kind, double Seconds, long Wakeups, long SwitchedOut);

    private enum ThreadKind
    {
        Other,
        Librdkafka,
        Jit,
        Gc,
        ThreadPool,
        Sockets,
    }
}

/// <summary>CPU seconds of one process over a measurement, by kind of thread, and its threads' wakeups (voluntary context switches).</summary>
internal readonly record struct ThreadCpu(
    double Total, double Librdkafka, double Jit, double Gc, long Wakeups, long LibrdkafkaWakeups, double ThreadPool, double Sockets, long ThreadPoolSwitchedOut)
{
    /// <summary>Everything but librdkafka's threads: the .NET side of the process.</summary>
    public double Managed => Total - Librdkafka;
}
