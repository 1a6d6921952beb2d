using System.Diagnostics;
using KafkaRooms.Bench;

if (args.FirstOrDefault() == "hello")
{
    await HelloServer.RunAsync(args[1..]);
    return 0;
}

var options = BenchOptions.Parse(args);
var took = Stopwatch.StartNew();
var report = new BenchReport();
await using var environment = await BenchEnvironment.StartAsync(options);
Console.WriteLine("| measure | figure | limit measured in the same run | ratio | target |");

if (options.Runs("memory"))
{
    var memory = await MemoryBench.RunAsync(environment);
    report.Row("(6) Redis bytes per open room, 0 users", BenchReport.Bytes(memory.PerOpenRoom), "", "", $"<= 200 B: {BenchReport.Met(memory.PerOpenRoom <= 200)}");
    report.Row("(6) Redis bytes per open room, 10 users", BenchReport.Bytes(memory.PerOpenRoomWithTenUsers), "", "", "");
    report.Row("(6) Redis bytes per online user", BenchReport.Bytes(memory.PerOnlineUser), "", "", $"<= 100 B: {BenchReport.Met(memory.PerOnlineUser <= 100)}");
    report.Row("(6) Redis bytes per tombstone", BenchReport.Bytes(memory.PerTombstone), "", "", "");
    report.Note($"memory: used_memory deltas over {memory.Rooms:N0} rooms in an empty Redis, 64 buckets");
}

var (ceiling, ceilingCommand) = await RedisCeilingBench.RunAsync(environment, requests: 400_000);
report.Row("(1) Redis ceiling: RoomCreated script by SHA, pipelined (redis-benchmark)", BenchReport.Rate(ceiling), "", "1.00", "");
report.Note($"ceiling command: `{ceilingCommand}`");

if (options.Runs("store"))
{
    var store = await StoreBench.RunAsync(environment);
    report.Row($"(2) Store batch apply ({store.Events:N0} events)", BenchReport.Rate(store.PerSecond), "ceiling", BenchReport.Ratio(store.PerSecond / ceiling), "");
    report.Note($"event mix (after ~10 % duplicates, shuffled): {store.Mix}");
}

if (options.Runs("worker"))
{
var workerEvents = BenchWorkload.Generate(options.WorkerRooms, options.WorkerEvents, seed: 3);
var topic = $"bench-{Guid.NewGuid():N}";
// The mock cluster keeps about 5 MB per partition and drops older messages: spread the
// pre-filled events over enough partitions that all of them stay.
var partitions = Math.Max(12, workerEvents.Count / 8_000);
environment.Kafka.CreateTopic(topic, partitions);
environment.Kafka.CreateTopic(topic + ".dlt", 3);
var fill = Stopwatch.StartNew();
await KafkaTopicFiller.FillAsync(environment.Kafka.BootstrapServers, topic, workerEvents);
report.Note($"pre-filled {workerEvents.Count:N0} events over {options.WorkerRooms:N0} rooms into {partitions} partitions in {fill.Elapsed.TotalSeconds:F1} s");

double oneWorker = 0;
foreach (var workers in new[] { 1, 2, 3 })
{
    var run = await WorkerBench.RunWorkersAsync(environment, topic, workerEvents.Count, workers);
    oneWorker = workers == 1 ? run.PerSecond : oneWorker;
    report.Row($"(3) Worker x{workers}, pre-filled topic", BenchReport.Rate(run.PerSecond), "ceiling",
        BenchReport.Ratio(run.PerSecond / ceiling), workers == 1 ? $">= 0.70: {BenchReport.Met(run.PerSecond / ceiling >= 0.7)}" : "");
    report.Note($"worker x{workers}: {run.Elapsed.TotalSeconds:F1} s; CPU, % of one core (the machine has {Environment.ProcessorCount * 100} %): {run.Cpu}");
}

var naive = await WorkerBench.RunNaiveAsync(environment, topic, Math.Min(options.NaiveEvents, workerEvents.Count));
report.Row("(3) Naive: sequential consumer, one Redis round trip per message", BenchReport.Rate(naive), "worker x1", BenchReport.Ratio(oneWorker / naive) + "x",
    $"worker >= 10x naive: {BenchReport.Met(oneWorker / naive >= 10)}");
}

if (options.Runs("ingest"))
{
var ingestTopic = $"bench-ingest-{Guid.NewGuid():N}";
environment.Kafka.CreateTopic(ingestTopic, 12);
var ingest = await IngestBench.RunAsync(environment, ingestTopic);
ingest.Report(report, options);
}

if (options.Runs("e2e"))
{
var e2eTopic = $"bench-e2e-{Guid.NewGuid():N}";
environment.Kafka.CreateTopic(e2eTopic, 12);
environment.Kafka.CreateTopic(e2eTopic + ".dlt", 3);
var e2e = await EndToEndBench.RunAsync(environment, e2eTopic);
report.Row($"(5) End to end: 200 to visible in the reader ({e2e.Samples:N0} samples)",
    $"p50 {BenchReport.Ms(e2e.P50Ms)}, p99 {BenchReport.Ms(e2e.P99Ms)}", $"offered {e2e.TargetRate:N0}/s, achieved {e2e.AchievedRate:N0}/s", "",
    $"p99 <= 50 ms: {BenchReport.Met(e2e.P99Ms <= 50)}");
if (e2e.Non2xx > 0)
{
    report.Note($"end to end: {e2e.Non2xx} callbacks were not answered 200");
}

report.Row("(6) Resident memory under the end-to-end load", $"Ingest {BenchReport.MiB(e2e.IngestRss)}, Worker {BenchReport.MiB(e2e.WorkerRss)}",
    "", "", "");
}

await report.WriteAsync(Path.Combine(environment.Repository, options.Output), options, took.Elapsed);
Console.WriteLine();
Console.WriteLine(report.Table());
Console.WriteLine($"wrote {options.Output}");
return 0;
