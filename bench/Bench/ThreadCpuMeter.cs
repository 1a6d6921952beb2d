namespace KafkaRooms.Bench;

/// <summary>
/// CPU seconds of one process between two points, split by the kind of thread that spent them
/// (per-thread times from /proc/&lt;pid&gt;/task/&lt;tid&gt;/stat): librdkafka's own threads
/// (it names them <c>rdk:main</c>, <c>rdk:broker1</c>...), the JIT's tiering thread, the
/// garbage collector's threads, and everything else (Kestrel, the thread pool, the Kafka
/// client's delivery-report thread). The total is the process's own figure, which keeps the
/// time of threads that ended in between; "everything else" is the total less the others.
/// </summary>
internal sealed class ThreadCpuMeter
{
    private readonly int _pid;
    private readonly double _startTotal;
    private readonly Dictionary<int, (ThreadKind Kind, double Seconds)> _startThreads;

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
        foreach (var (tid, (kind, seconds)) in Threads(_pid))
        {
            var spent = seconds - (_startThreads.TryGetValue(tid, out var start) ? start.Seconds : 0);
            switch (kind)
            {
                case ThreadKind.Librdkafka:
                    librdkafka += spent;
                    break;
                case ThreadKind.Jit:
                    jit += spent;
                    break;
                case ThreadKind.Gc:
                    gc += spent;
                    break;
            }
        }

        return new ThreadCpu(total, librdkafka, jit, gc);
    }

    private static Dictionary<int, (ThreadKind Kind, double Seconds)> Threads(int pid)
    {
        var threads = new Dictionary<int, (ThreadKind, double)>();
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
                threads[tid] = (KindOf(name), seconds);
            }
        }

        return threads;
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

/// <summary>CPU seconds of one process over a measurement, by kind of thread.</summary>
internal readonly record struct ThreadCpu(double Total, double Librdkafka, double Jit, double Gc)
{
    /// <summary>Everything but librdkafka's threads: the .NET side of the process.</summary>
    public double Managed => Total - Librdkafka;
}
