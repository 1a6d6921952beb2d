using System.Globalization;

namespace KafkaRooms.Bench;

/// <summary>Sizes of one benchmark run; `--quick` shrinks everything for a fast look.</summary>
internal sealed record BenchOptions
{
    public int WorkerEvents { get; init; } = 1_000_000;
    public int WorkerRooms { get; init; } = 100_000;
    public int StoreEvents { get; init; } = 300_000;
    public int NaiveEvents { get; init; } = 50_000;
    public int MemoryRooms { get; init; } = 10_000;
    public int FeedClients { get; init; } = 100;
    public int FeedEvents { get; init; } = 100_000;
    public TimeSpan IngestDuration { get; init; } = TimeSpan.FromSeconds(15);
    public int IngestConcurrency { get; init; } = 64;
    public double EndToEndRate { get; init; } = 5_000;
    public TimeSpan EndToEndDuration { get; init; } = TimeSpan.FromSeconds(10);
    public string Output { get; init; } = "docs/benchmarks.md";
    public string Configuration { get; init; } = "Release";

    /// <summary>Sections to run (memory, ceiling, store, worker, feed, ingest, e2e); empty = all.</summary>
    public IReadOnlySet<string> Only { get; init; } = new HashSet<string>();

    public bool Runs(string section) => Only.Count == 0 || Only.Contains(section);

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Int() => int.Parse(Value(), CultureInfo.InvariantCulture);
            options = args[i] switch
            {
                "--quick" => options with
                {
                    WorkerEvents = 100_000, WorkerRooms = 10_000, StoreEvents = 50_000, NaiveEvents = 10_000, MemoryRooms = 2_000, FeedClients = 20, FeedEvents = 20_000,
                    IngestDuration = TimeSpan.FromSeconds(5), EndToEndDuration = TimeSpan.FromSeconds(4),
                },
                "--worker-events" => options with { WorkerEvents = Int() },
                "--worker-rooms" => options with { WorkerRooms = Int() },
                "--store-events" => options with { StoreEvents = Int() },
                "--naive-events" => options with { NaiveEvents = Int() },
                "--ingest-seconds" => options with { IngestDuration = TimeSpan.FromSeconds(Int()) },
                "--e2e-rate" => options with { EndToEndRate = Int() },
                "--feed-clients" => options with { FeedClients = Int() },
                "--feed-events" => options with { FeedEvents = Int() },
                "--output" => options with { Output = Value() },
                "--configuration" => options with { Configuration = Value() },
                "--only" => options with { Only = Value().Split(',').ToHashSet() },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }

        return options;
    }
}
