using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace KafkaRooms.Bench;

/// <summary>Collects rows as they are measured; prints them and writes docs/benchmarks.md.</summary>
internal sealed class BenchReport
{
    private readonly List<string[]> _rows = [];
    private readonly List<string> _notes = [];

    public void Row(string measure, string figure, string limit, string ratio, string target)
    {
        _rows.Add([measure, figure, limit, ratio, target]);
        Console.WriteLine($"| {measure} | {figure} | {limit} | {ratio} | {target} |");
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
        text.AppendLine($"- command: `make bench` (= `dotnet bench/Bench/bin/Release/net10.0/KafkaRooms.Bench.dll`), sizes: worker {options.WorkerEvents:N0} events over {options.WorkerRooms:N0} rooms, " +
            $"store {options.StoreEvents:N0} events, naive {options.NaiveEvents:N0} events, ingest wrk {options.IngestDuration.TotalSeconds:F0} s at {options.IngestConcurrency} connections, " +
            $"end to end {options.EndToEndRate:N0}/s for {options.EndToEndDuration.TotalSeconds:F0} s, " +
            $"feed fan-out {options.FeedClients} SSE clients, {options.FeedEvents:N0} events");
        text.AppendLine();
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
        text.AppendLine("  event mix of (2), calls prebuilt; (2) and (3) add the client's work on the same cores.");
        text.AppendLine("- The naive baseline pays one loopback round trip per event; the Worker/naive ratio cannot exceed the");
        text.AppendLine("  ceiling/naive ratio measured in the same run.");
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

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllTextAsync(path, text.ToString());
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
