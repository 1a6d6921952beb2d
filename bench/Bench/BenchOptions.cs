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
    public int IngestRounds { get; init; } = 3;
    public TimeSpan IngestWarmUp { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Another build of Ingest (its KafkaRooms.Ingest.dll): (4) measures it in the same rounds, a before/after pair; (5) runs it in place of this build.</summary>
    public string? IngestBaseline { get; init; }

    /// <summary>
    /// Settings to try on Ingest, one more Ingest server each, measured in the same rounds: its
    /// environment variables, e.g. "Kafka__Client__linger.ms=5" (a librdkafka setting) or
    /// "Kafka__Client__linger.ms=0,Kafka__Client__batch.num.messages=100".
    /// </summary>
    public IReadOnlyList<string> IngestVariants { get; init; } = [];
    public double EndToEndRate { get; init; } = 5_000;
    public TimeSpan EndToEndDuration { get; init; } = TimeSpan.FromSeconds(10);
    public IReadOnlyList<double> PacedRates { get; init; } = [500, 2_000, 5_000];
    public TimeSpan PacedDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Bootstrap servers of real Kafka brokers: (7) also runs against them, with the Worker's
    /// default settings (bench/real-kafka: Apache Kafka on loopback).
    /// </summary>
    public string? PacedKafka { get; init; }

    /// <summary>librdkafka settings (repeatable key=value) for <see cref="PacedKafka"/>: the bench's producer and the Worker's Kafka__Client__.</summary>
    public IReadOnlyDictionary<string, string> PacedKafkaClient { get; init; } = new Dictionary<string, string>();

    /// <summary>How many Worker processes each drain of (3) runs, one drain per entry.</summary>
    public IReadOnlyList<int> WorkerCounts { get; init; } = [1, 2, 3];

    /// <summary>
    /// Rounds of the drains of (3), each running every entry of <see cref="WorkerCounts"/> once in
    /// turn: figures are the median of the rounds and the x2 / x1 ratios are taken within a round,
    /// as the Ingest rounds of (4) are (a single drain moved by 0.1 either way between runs).
    /// </summary>
    public int DrainRounds { get; init; } = 3;

    /// <summary>
    /// Environment variables for every Worker the run starts (repeatable NAME=value), e.g.
    /// "DOTNET_TieredCompilation=0" or "Worker__MaxBatchWait=00:00:00.010": a setting tried on the same machine.
    /// </summary>
    public IReadOnlyList<string> WorkerSettings { get; init; } = [];

    /// <summary>A directory holding another version of the rule script's parts: runs (1c), the two scripts in lockstep.</summary>
    public string? ScriptBaseline { get; init; }

    /// <summary>Rounds of (1c).</summary>
    public int ScriptRounds { get; init; } = 4;

    /// <summary>Another build of the Worker for (3), (5) and (7), to compare two builds back to back.</summary>
    public string? WorkerProgram { get; init; }
    public string Output { get; init; } = "docs/benchmarks.md";
    public string Configuration { get; init; } = "Release";

    /// <summary>Sections to run (floor, memory, ceiling, store, worker, cluster, paced, paced-real (--paced-kafka alone), feed, ingest, e2e; store, worker and cluster run the ceilings too); empty = all.</summary>
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
                    IngestDuration = TimeSpan.FromSeconds(5), IngestRounds = 2, DrainRounds = 1, IngestWarmUp = TimeSpan.FromSeconds(5), EndToEndDuration = TimeSpan.FromSeconds(4), PacedDuration = TimeSpan.FromSeconds(4),
                },
                "--worker-events" => options with { WorkerEvents = Int() },
                "--worker-rooms" => options with { WorkerRooms = Int() },
                "--store-events" => options with { StoreEvents = Int() },
                "--naive-events" => options with { NaiveEvents = Int() },
                "--ingest-seconds" => options with { IngestDuration = TimeSpan.FromSeconds(Int()) },
                "--ingest-rounds" => options with { IngestRounds = Int() },
                "--ingest-baseline" => options with { IngestBaseline = Path.GetFullPath(Value()) },
                "--ingest-env" => options with { IngestVariants = [.. options.IngestVariants, Value()] },
                "--e2e-rate" => options with { EndToEndRate = Int() },
                "--paced-rates" => options with { PacedRates = Value().Split(',').Select(r => double.Parse(r, CultureInfo.InvariantCulture)).ToList() },
                "--drain-rounds" => options with { DrainRounds = Int() },
                "--workers" => options with { WorkerCounts = Value().Split(',').Select(w => int.Parse(w, CultureInfo.InvariantCulture)).ToList() },
                "--paced-seconds" => options with { PacedDuration = TimeSpan.FromSeconds(Int()) },
                "--paced-kafka" => options with { PacedKafka = Value() },
                "--paced-kafka-client" => options with { PacedKafkaClient = With(options.PacedKafkaClient, Value()) },
                "--worker-env" => options with { WorkerSettings = [.. options.WorkerSettings, Value()] },
                "--script-baseline" => options with { ScriptBaseline = Path.GetFullPath(Value()) },
                "--script-rounds" => options with { ScriptRounds = Int() },
                "--worker-program" => options with { WorkerProgram = Path.GetFullPath(Value()) },
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

    private static Dictionary<string, string> With(IReadOnlyDictionary<string, string> settings, string setting) =>
        setting.Split('=', 2) is [var key, var value]
            ? new Dictionary<string, string>(settings) { [key] = value }
            : throw new ArgumentException($"--paced-kafka-client {setting}: expected key=value");
}
