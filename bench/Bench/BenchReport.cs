using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace KafkaRooms.Bench;

/// <summary>Collects rows as they are measured; prints them and writes docs/benchmarks.md.</summary>
internal sealed class BenchReport
{
    /// <summary>docs/benchmarks.md keeps everything from this line on when a run rewrites it.</summary>
    public const string HandWrittenMarker = "<!-- Written by hand; `make bench` keeps everything below this line. -->";

    private readonly List<string[]> _rows = [];
    private readonly List<string> _notes = [];
    private readonly List<string[]> _cpuRows = [];

    public void Row(string measure, string figure, string limit, string ratio, string target)
    {
        _rows.Add([measure, figure, limit, ratio, target]);
        Console.WriteLine($"| {measure} | {figure} | {limit} | {ratio} | {target} |");
    }

    /// <summary>
    /// A row of the first table: CPU time per applied event of redis-server and of the client
    /// (Worker processes, or the store's caller) beside throughput. CPU per event holds up on a
    /// busy, shared machine where events/s do not.
    /// </summary>
    public void CpuRow(string run, double perSecond, double redisMicros, double clientMicros, string target)
    {
        string[] row = [run, Rate(perSecond), double.IsNaN(redisMicros) ? "" : Micros(redisMicros), double.IsNaN(clientMicros) ? "" : Micros(clientMicros), target];
        _cpuRows.Add(row);
        Console.WriteLine("cpu: | " + string.Join(" | ", row) + " |");
    }

    public void Note(string note)
    {
        _notes.Add(note);
        Console.WriteLine("note: " + note);
    }

    public static string Rate(double perSecond) => perSecond.ToString("N0", CultureInfo.InvariantCulture) + "/s";

    public static string Ratio(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Bytes(double value) => value.ToString("N0", CultureInfo.InvariantCulture) + " B";

    public static string MiB(long bytes) => (bytes / (1024.0 * 1024)).ToString("0", CultureInfo.InvariantCulture) + " MiB";

    public static string Micros(double value) => value.ToString("0.0", CultureInfo.InvariantCulture) + " µs";

    public static string Ms(double value) => value.ToString("0.0", CultureInfo.InvariantCulture) + " ms";

    public static string Met(bool met) => met ? "met" : "MISSED";

    /// <summary>The median of rounds, with their range in brackets when there is more than one.</summary>
    public static string Summary(IReadOnlyCollection<double> values, Func<double, string> format) =>
        values.Count == 1 ? format(values.First()) : $"{format(Median(values))} [{format(values.Min())}–{format(values.Max())}]";

    public static double Median(IReadOnlyCollection<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public string Table()
    {
        var text = new StringBuilder();
        text.AppendLine("| measure | figure | limit measured in the same run | ratio | target |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var row in _rows)
        {
            text.AppendLine("| " + string.Join(" | ", row) + " |");
        }

        return text.ToString();
    }

    public async Task WriteAsync(string path, BenchOptions options, TimeSpan took)
    {
        var text = new StringBuilder();
        text.AppendLine("# Benchmarks");
        text.AppendLine();
        text.AppendLine("Written by `make bench` (bench/Bench); every figure below was measured in the run that wrote this page.");
        text.AppendLine("The machine is shared by every process of the run (Redis, Kafka mock cluster, Ingest, Workers, load tools),");
        text.AppendLine("so figures are given beside a limit measured in the same run.");
        text.AppendLine();
        text.AppendLine("## Run");
        text.AppendLine($"- date: {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, took {took.TotalMinutes:F1} min");
        text.AppendLine($"- machine: {Machine()}");
        text.AppendLine($"- .NET {Environment.Version}, {Versions()}");
        text.AppendLine($"- command: `make bench` (= publish the Worker ReadyToRun into artifacts/bench/worker, then `dotnet bench/Bench/bin/Release/net10.0/KafkaRooms.Bench.dll --worker-program artifacts/bench/worker/KafkaRooms.Worker.dll`); " +
            $"Worker run: {(options.WorkerProgram is { } worker ? Path.GetRelativePath(Environment.CurrentDirectory, worker) : "the build output")}; sizes: worker {options.WorkerEvents:N0} events over {options.WorkerRooms:N0} rooms, drained in {options.DrainRounds} rounds of x{string.Join(", x", options.WorkerCounts)}, " +
            $"store {options.StoreEvents:N0} events, naive {options.NaiveEvents:N0} events, ingest wrk {options.IngestRounds} x {options.IngestDuration.TotalSeconds:F0} s per server at {options.IngestConcurrency} connections, " +
            $"end to end {options.EndToEndRate:N0}/s for {options.EndToEndDuration.TotalSeconds:F0} s, " +
            $"feed fan-out {options.FeedClients} SSE clients, {options.FeedEvents:N0} events");
        text.AppendLine();
        if (_cpuRows.Count > 0)
        {
            text.AppendLine("## CPU per applied event");
            text.AppendLine();
            text.AppendLine("CPU time (user + system, from /proc/<pid>/stat over the same window as the throughput) divided by the events applied.");
            text.AppendLine();
            text.AppendLine("| run | events/s | redis-server CPU per event | Worker (client) CPU per event | target |");
            text.AppendLine("|---|---|---|---|---|");
            foreach (var row in _cpuRows)
            {
                text.AppendLine("| " + string.Join(" | ", row) + " |");
            }

            text.AppendLine();
        }

        text.AppendLine("## Figures");
        text.AppendLine();
        text.Append(Table());
        text.AppendLine();
        text.AppendLine("## Reading the figures");
        text.AppendLine("- Every process of a run shares the machine's cores, so a figure below its target is judged by the CPU");
        text.AppendLine("  shares in the notes: a process near 100 % of one core is the limit of a single-threaded part (redis-server),");
        text.AppendLine("  and shares that add up to the whole machine mean the cores themselves are the limit, shared between");
        text.AppendLine("  Redis, the Workers, the Kafka brokers and the load tool.");
        text.AppendLine("- The ceilings (1) are Redis alone: (1a) the cheapest script call there is, (1b) the batched rule script on the");
        text.AppendLine("  event mix of (2), calls prebuilt; (2) adds the client's work on the same cores. (1b) and (2) shuffle the events,");
        text.AppendLine("  so nearly every event of a call is another room's: the costliest composition of a call. The drains (3) read a");
        text.AppendLine("  pre-filled topic as a real broker serves a backlog (a partition's 1 MB at a time), where a room's events");
        text.AppendLine("  repeat within a call and each room's register is read once per call, so they can pass (1b)");
        text.AppendLine("  (docs/benchmarks.md, \"Scale-out\").");
        text.AppendLine("- The naive baseline pays one loopback round trip per event; the Worker/naive ratio is bounded by the");
        text.AppendLine("  events/s one redis-server applies at a full core over the naive rate, both measured in the same run.");
        text.AppendLine("- CPU per request (4) is the server process's CPU time (user + system, all its threads) over the requests it");
        text.AppendLine("  answered 2xx: unlike a rate, it does not depend on how much of the machine the other processes took.");
        text.AppendLine("- The feed fan-out (7) is paced by the store writing the changes; its figure is the ReadApi CPU per delivered change.");
        text.AppendLine();
        if (_notes.Count > 0)
        {
            text.AppendLine("## Notes");
            foreach (var note in _notes)
            {
                text.AppendLine("- " + note);
            }
        }

        // What is written by hand below the marker (docs/benchmarks.md) outlives the run, and so do
        // the Worker's hand-written sections wherever they stand.
        var previous = File.Exists(path) ? await File.ReadAllTextAsync(path) : "";
        var handWritten = previous.IndexOf(HandWrittenMarker, StringComparison.Ordinal) is >= 0 and var kept ? previous[kept..] : "";
        foreach (var heading in KeptSections.Where(h => !handWritten.Contains("\n" + h + "\n", StringComparison.Ordinal)))
        {
            text.Append(await KeptSectionAsync(path, heading));
        }

        if (handWritten.Length > 0)
        {
            text.AppendLine().Append(handWritten);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllTextAsync(path, text.ToString());
    }

    /// <summary>Hand-written sections (profiles, scaling) that a run keeps rather than rewrites.</summary>
    private static readonly string[] KeptSections =
    [
        "## Worker CPU per event: profile",
        "## Scale-out: cores, partitions and shards",
        "## Worker under a trickle",
    ];

    /// <summary>The section of the page as it stands, from its heading to the next one, or nothing.</summary>
    private static async Task<string> KeptSectionAsync(string path, string heading)
    {
        if (!File.Exists(path))
        {
            return "";
        }

        var page = await File.ReadAllTextAsync(path);
        var start = page.IndexOf("\n" + heading + "\n", StringComparison.Ordinal);
        if (start < 0)
        {
            return "";
        }

        var end = page.IndexOf("\n## ", start + heading.Length + 1, StringComparison.Ordinal);
        return "\n" + (end < 0 ? page[(start + 1)..] : page[(start + 1)..(end + 1)]);
    }

    private static string Machine()
    {
        var model = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim()
            : null;
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        return $"{Environment.ProcessorCount} cores ({model ?? "unknown CPU"}), {memory:F0} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";
    }

    private static string Versions()
    {
        var redis = Run("redis-server", "--version");
        var wrk = Run("wrk", "--version").Split('\n')[0];
        return $"Confluent.Kafka {typeof(Confluent.Kafka.Library).Assembly.GetName().Version} (librdkafka {Confluent.Kafka.Library.VersionString}), " +
            $"StackExchange.Redis {typeof(StackExchange.Redis.ConnectionMultiplexer).Assembly.GetName().Version}, {redis.Trim()}, {wrk.Trim()}";
    }

    private static string Run(string file, string argument)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, argument) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return $"{file}: not found";
        }
    }
}
