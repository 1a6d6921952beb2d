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
    report.Row("(6) Redis bytes per change-feed entry", BenchReport.Bytes(memory.PerFeedEntry), "", "", "");
    report.Note($"memory: used_memory deltas over {memory.Rooms:N0} rooms in an empty Redis, 64 buckets; rooms, users and tombstones with the change feed off, feed entries as the growth with it on");
}

var trivial = await RedisCeilingBench.TrivialAsync(environment, requests: 400_000);
report.Row("(1a) Redis ceiling: trivial GET+SET script by SHA, pipelined (redis-benchmark)",
    $"{BenchReport.Rate(trivial.EventsPerSecond)}, Redis {BenchReport.Micros(trivial.RedisCpuMicrosPerEvent)}/call", "", "", "");
var batched = await RedisCeilingBench.BatchedAsync(environment, options.StoreEvents);
report.Row("(1b) Redis ceiling: batched rule script, pipelined",
    $"{BenchReport.Rate(batched.EventsPerSecond)}, Redis {BenchReport.Micros(batched.RedisCpuMicrosPerEvent)}/event", "trivial script (1a)",
    BenchReport.Ratio(batched.EventsPerSecond / trivial.EventsPerSecond), $"Redis <= 8 µs/event: {BenchReport.Met(batched.RedisCpuMicrosPerEvent <= 8)}");
report.Note($"ceiling (1a): `{trivial.Shape}`; ceiling (1b): {batched.Shape}");
var ceiling = batched.EventsPerSecond;

if (options.Runs("store"))
{
    var (store, storeWithoutFeed) = await StoreBench.RunWithAndWithoutFeedAsync(environment);
    report.Row($"(2) Store batch apply, change feed on ({store.Events:N0} events)",
        $"{BenchReport.Rate(store.PerSecond)}, Redis {BenchReport.Micros(store.RedisCpuMicrosPerEvent)}/event, client {BenchReport.Micros(store.ClientCpuMicrosPerEvent)}/event",
        "ceiling (1b)", BenchReport.Ratio(store.PerSecond / ceiling), $"Redis <= 8 µs/event: {BenchReport.Met(store.RedisCpuMicrosPerEvent <= 8)}");
    report.Row("(2) Store batch apply, change feed off",
        $"{BenchReport.Rate(storeWithoutFeed.PerSecond)}, Redis {BenchReport.Micros(storeWithoutFeed.RedisCpuMicrosPerEvent)}/event, client {BenchReport.Micros(storeWithoutFeed.ClientCpuMicrosPerEvent)}/event",
        "feed on / feed off", BenchReport.Ratio(store.PerSecond / storeWithoutFeed.PerSecond), $"feed on >= 0.85: {BenchReport.Met(store.PerSecond / storeWithoutFeed.PerSecond >= 0.85)}");
    report.Note($"event mix (after ~10 % duplicates, shuffled): {store.Mix}; CPU per event counts every event of the mix, client CPU is this whole process; feed on and off alternate, the faster of two runs each");
}

(string Topic, int Events)? prefilled = null;
if (options.Runs("worker") || options.Runs("feed"))
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
prefilled = (topic, workerEvents.Count);
}

if (options.Runs("worker"))
{
var (topic, workerEventCount) = prefilled!.Value;

double oneWorker = 0;
foreach (var workers in new[] { 1, 2, 3 })
{
    var run = await WorkerBench.RunWorkersAsync(environment, topic, workerEventCount, workers);
    oneWorker = workers == 1 ? run.PerSecond : oneWorker;
    report.Row($"(3) Worker x{workers}, pre-filled topic", BenchReport.Rate(run.PerSecond), "ceiling",
        BenchReport.Ratio(run.PerSecond / ceiling), workers == 1 ? $">= 0.70: {BenchReport.Met(run.PerSecond / ceiling >= 0.7)}" : "");
    report.Note($"worker x{workers}: {run.Elapsed.TotalSeconds:F1} s; CPU, % of one core (the machine has {Environment.ProcessorCount * 100} %): {run.Cpu}");
}

var naive = await WorkerBench.RunNaiveAsync(environment, topic, Math.Min(options.NaiveEvents, workerEventCount));
report.Row("(3) Naive: sequential consumer, one Redis round trip per message", BenchReport.Rate(naive), "worker x1", BenchReport.Ratio(oneWorker / naive) + "x",
    $"worker >= 10x naive: {BenchReport.Met(oneWorker / naive >= 10)}");
}

if (options.Runs("feed"))
{
    var (topic, events) = prefilled!.Value;
    var worker = await FeedBench.RunWorkerWithAndWithoutFeedAsync(environment, topic, events);
    report.Row("(7) Worker x1, change feed on (default) / off (RoomState:ChangeFeedMaxLength=0)",
        $"{BenchReport.Rate(worker.WithFeed)} / {BenchReport.Rate(worker.WithoutFeed)}", "feed on / feed off",
        BenchReport.Ratio(worker.WithFeed / worker.WithoutFeed), $">= 0.85: {BenchReport.Met(worker.WithFeed / worker.WithoutFeed >= 0.85)}");
    report.Note($"feed worker: the pre-filled topic, off, on, off, on, the faster of two runs each; CPU with the feed: {worker.CpuWithFeed}; without: {worker.CpuWithoutFeed}");
    var fanOut = await FeedBench.RunFanOutAsync(environment, options.FeedClients, options.FeedEvents);
    report.Row($"(7) Change feed fan-out: {fanOut.Clients} SSE clients of one ReadApi ({fanOut.Changes:N0} changes each)",
        $"{BenchReport.Rate(fanOut.DeliveredPerSecond)} delivered, ReadApi {BenchReport.Micros(fanOut.ReadApiCpuMicrosPerDelivery)}/delivered change", "", "", "");
    report.Note($"feed fan-out: the store writes {options.FeedEvents:N0} events while the clients (in the bench process) read; the clock stops when every client has every change; CPU, % of one core: {fanOut.Cpu}");
}

if (options.Runs("ingest"))
{
var ingestTopic = $"bench-ingest-{Guid.NewGuid():N}";
environment.Kafka.CreateTopic(ingestTopic, 12);
var (ingest, hello) = await IngestBench.RunAsync(environment, ingestTopic);
report.Row($"(4) Ingest, signed callbacks, acks=all (wrk, {options.IngestConcurrency} connections)",
    $"{BenchReport.Rate(ingest.RequestsPerSecond)}, p50 {BenchReport.Ms(ingest.P50Ms)}, p99 {BenchReport.Ms(ingest.P99Ms)}",
    $"hello world {BenchReport.Rate(hello.RequestsPerSecond)}, p50 {BenchReport.Ms(hello.P50Ms)}, p99 {BenchReport.Ms(hello.P99Ms)}",
    BenchReport.Ratio(ingest.RequestsPerSecond / hello.RequestsPerSecond), $">= 0.50: {BenchReport.Met(ingest.RequestsPerSecond / hello.RequestsPerSecond >= 0.5)}");
report.Note($"ingest run CPU, % of one core: {ingest.Cpu}; hello-world run: {hello.Cpu}");
if (ingest.Non2xx > 0)
{
    report.Note($"ingest answered {ingest.Non2xx} non-2xx during the wrk run");
}
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
