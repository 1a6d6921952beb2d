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

if (options.Runs("floor") || options.Runs("paced") || options.Runs("paced-real") || options.Runs("ingest"))
{
    var floor = WakeupFloorBench.Run();
    report.Row("(0) This machine: CPU per wakeup, whatever the program (a thread woken from a 2 ms sleep; a thread blocked in read(2) woken by another thread's one-byte write, its write back included; a getppid system call)",
        $"sleep wakeup {BenchReport.Micros(floor.SleepWakeMicros)} (each sleep {floor.SleepWallMicros / 1000:F2} ms of wall time); woken by another thread {BenchReport.Micros(floor.WokenMicros)}; system call {floor.SyscallMicros:F2} µs",
        "", "", "reference for (4) and (7)");
}

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

// The ceilings are what (2) and (3) are measured against; a run of other sections alone skips them.
var ceiling = double.NaN;
if (options.Runs("ceiling") || options.Runs("store") || options.Runs("worker") || options.Runs("cluster"))
{
    var trivial = await RedisCeilingBench.TrivialAsync(environment, requests: 400_000);
    report.Row("(1a) Redis ceiling: trivial GET+SET script by SHA, pipelined (redis-benchmark)",
        $"{BenchReport.Rate(trivial.EventsPerSecond)}, Redis {BenchReport.Micros(trivial.RedisCpuMicrosPerEvent)}/call", "", "", "");
    var batched = await RedisCeilingBench.BatchedAsync(environment, options.StoreEvents);
    report.Row("(1b) Redis ceiling: batched rule script, pipelined",
        $"{BenchReport.Rate(batched.EventsPerSecond)}, Redis {BenchReport.Micros(batched.RedisCpuMicrosPerEvent)}/event", "trivial script (1a)",
        BenchReport.Ratio(batched.EventsPerSecond / trivial.EventsPerSecond), $"Redis <= 8 µs/event: {BenchReport.Met(batched.RedisCpuMicrosPerEvent <= 8)}");
    report.Note($"ceiling (1a): `{trivial.Shape}`; ceiling (1b): {batched.Shape}");
    report.CpuRow("(1a) Redis ceiling, trivial script", trivial.EventsPerSecond, trivial.RedisCpuMicrosPerEvent, double.NaN, "reference (per call)");
    report.CpuRow("(1b) Redis ceiling, batched rule script, calls prebuilt", batched.EventsPerSecond, batched.RedisCpuMicrosPerEvent, double.NaN,
        $"Redis <= 8 µs: {BenchReport.Met(batched.RedisCpuMicrosPerEvent <= 8)}");
    ceiling = batched.EventsPerSecond;
}

if (options.ScriptBaseline is { } scriptBaseline)
{
    var ab = await ScriptAbBench.RunAsync(scriptBaseline, options.StoreEvents, options.ScriptRounds);
    report.Row($"(1c) Rule script in lockstep: built in / {scriptBaseline}",
        $"Redis {BenchReport.Micros(ab.BuiltInMicrosPerEvent)}/event", $"baseline {BenchReport.Micros(ab.BaselineMicrosPerEvent)}/event",
        BenchReport.Ratio(ab.BuiltInMicrosPerEvent / ab.BaselineMicrosPerEvent), "");
    report.Note($"lockstep (1c): {ab.Events:N0} events in {ab.Calls:N0} calls (as in 1b), two private redis-servers, chunks of 32 calls " +
        $"alternating between them, the same answers from both; {string.Join("; ", ab.Rounds)}");
}

if (options.Runs("store"))
{
    var (store, storeWithoutFeed) = await StoreBench.RunWithAndWithoutFeedAsync(environment);
    report.Row($"(2) Store batch apply, change feed on ({store.Events:N0} events)",
        $"{BenchReport.Rate(store.PerSecond)}, Redis {BenchReport.Micros(store.RedisCpuMicrosPerEvent)}/event, client {BenchReport.Micros(store.ClientCpuMicrosPerEvent)}/event",
        "ceiling (1b)", BenchReport.Ratio(store.PerSecond / ceiling), $"Redis <= 8 µs/event: {BenchReport.Met(store.RedisCpuMicrosPerEvent <= 8)}");
    report.Row("(2) Store batch apply, change feed off",
        $"{BenchReport.Rate(storeWithoutFeed.PerSecond)}, Redis {BenchReport.Micros(storeWithoutFeed.RedisCpuMicrosPerEvent)}/event, client {BenchReport.Micros(storeWithoutFeed.ClientCpuMicrosPerEvent)}/event",
        "feed on / feed off", BenchReport.Ratio(store.PerSecond / storeWithoutFeed.PerSecond), $"feed on >= 0.85: {BenchReport.Met(store.PerSecond / storeWithoutFeed.PerSecond >= 0.85)}");
    report.CpuRow("(2) Store batch apply, change feed on", store.PerSecond, store.RedisCpuMicrosPerEvent, store.ClientCpuMicrosPerEvent, "client = the store's caller (this process)");
    report.Note($"event mix (after ~10 % duplicates, shuffled): {store.Mix}; CPU per event counts every event of the mix, client CPU is this whole process; feed on and off alternate, the faster of two runs each");
}

(string Topic, int Events)? prefilled = null;
if (options.Runs("worker") || options.Runs("cluster") || options.Runs("feed"))
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
report.Note($"pre-filled {workerEvents.Count:N0} events over {options.WorkerRooms:N0} rooms into {partitions} partitions in {fill.Elapsed.TotalSeconds:F1} s; " +
    $"event mix: {BenchWorkload.Describe(workerEvents)}");
prefilled = (topic, workerEvents.Count);

async Task<DrainRounds> DrainAsync(RedisTarget redis, string label)
{
    var drains = await DrainRounds.RunAsync(options.DrainRounds, options.WorkerCounts,
        workers => WorkerBench.RunWorkersAsync(environment, redis, topic, workerEvents.Count, workers),
        (round, workers, run) => report.Note($"worker x{workers}, {label}, round {round}: {BenchReport.Rate(run.PerSecond)} in {run.Elapsed.TotalSeconds:F1} s, " +
            $"Redis {BenchReport.Micros(run.RedisMicrosPerEvent)}/event, Workers {BenchReport.Micros(run.WorkerMicrosPerEvent)}/event, {run.EventsPerCall:F1} events per script call; longest stretch with nothing finished " +
            $"{run.LongestStall.TotalSeconds:F1} s (from {run.LongestStallAt.TotalSeconds:F1} s), every Worker applying from {run.AllApplyingAt.TotalSeconds:F1} s; " +
            $"CPU, % of one core (the machine has {Environment.ProcessorCount * 100} %): {run.Cpu}"));
    foreach (var workers in drains.WorkerCounts)
    {
        var rates = drains.Values(workers, r => r.PerSecond);
        var redisMicros = BenchReport.Median(drains.Values(workers, r => r.RedisMicrosPerEvent));
        var workerMicros = BenchReport.Median(drains.Values(workers, r => r.WorkerMicrosPerEvent));
        var scaling = drains.ScalingToOne(workers);
        var scaled = workers != 1 && scaling.Length > 0;
        var scalingMet = scaled && BenchReport.Median(scaling) >= 0.9;
        var scalingSummary = scaled ? BenchReport.Summary(scaling, BenchReport.Ratio) : "";
        report.Row($"(3) Worker x{workers}, pre-filled topic, {label}", BenchReport.Summary(rates, BenchReport.Rate), "ceiling (1b)",
            BenchReport.Ratio(BenchReport.Median(rates) / ceiling),
            scaled ? $"x{workers} / x1 {scalingSummary}: >= 0.90: {BenchReport.Met(scalingMet)}" : "");
        report.CpuRow($"(3) Worker x{workers}, {label}", BenchReport.Median(rates), redisMicros, workerMicros,
            workers == 1 ? $"Worker <= 10 µs: {BenchReport.Met(workerMicros <= 10)}; Redis <= 8 µs: {BenchReport.Met(redisMicros <= 8)}"
                : scaled ? $"x{workers} / x1 throughput {scalingSummary} (>= 0.90: {BenchReport.Met(scalingMet)})" : "");
    }

    return drains;
}

if (options.Runs("worker"))
{
    var oneWorker = (await DrainAsync(environment.SingleRedis, "one redis-server")).MedianRateOfOne;

    var naive = await WorkerBench.RunNaiveAsync(environment, topic, Math.Min(options.NaiveEvents, workerEvents.Count));
    report.Row("(3) Naive: sequential consumer, one Redis round trip per message", BenchReport.Rate(naive.PerSecond), "worker x1",
        oneWorker is { } x1 ? BenchReport.Ratio(x1 / naive.PerSecond) + "x" : "",
        oneWorker is { } w ? $"worker >= 10x naive: {BenchReport.Met(w / naive.PerSecond >= 10)}" : "");
    report.CpuRow("(3) Naive sequential consumer", naive.PerSecond, naive.RedisMicrosPerEvent, double.NaN, "reference");
}

if (options.Runs("cluster"))
{
    // The same drain against a local 3-master Redis Cluster: buckets spread over the masters' slots.
    await using var cluster = new KafkaRooms.Testing.Redis.RedisClusterFixture();
    await cluster.InitializeAsync();
    await using var admin = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(cluster.ConnectionString + ",allowAdmin=true");
    var masters = new RedisTarget("3 redis-server masters", cluster.ConnectionString, admin);
    await DrainAsync(masters, "3-master Redis Cluster");
}
}

// "paced-real" runs (7) against the --paced-kafka brokers alone.
if (options.Runs("paced") || (options.Runs("paced-real") && options.PacedKafka is not null))
{
List<PacedBrokers> pacedBrokers = options.Runs("paced") ? [PacedBrokers.MockShortWait(environment.Kafka), PacedBrokers.MockDefaultWait(environment.Kafka)] : [];
if (options.PacedKafka is { } realBrokers)
{
    pacedBrokers.Add(PacedBrokers.Real(realBrokers, options.PacedKafkaClient));
}

foreach (var brokers in pacedBrokers)
{
var pacedTopic = $"bench-paced-{Guid.NewGuid():N}";
await brokers.CreateTopicAsync(pacedTopic);
var paced = await PacedWorkerBench.RunAsync(environment, brokers, pacedTopic, options.PacedRates, options.PacedDuration);
var setting = brokers.Setting;
var mockHold = brokers.HoldsFetches;
report.Row($"(7) Worker idle, {setting} ({paced.IdleWindow.TotalSeconds:F0} s, nothing to consume, from {paced.Settled.TotalSeconds:F0} s after the warm-up: the Worker {PacedWorkerBench.MinimumAge.TotalSeconds:F0} s old at least, then the JIT quiet for 2 s, at most 40 s more)",
    $"Worker {paced.IdleWorkerShare:F1} % of a core, of which librdkafka's threads {paced.IdleLibrdkafkaShare:F1} %",
    $"redis-server {paced.IdleRedisShare:F1} %", "", $"<= 3 %: {BenchReport.Met(paced.IdleWorkerShare <= 3)}");
report.Note($"paced (7), {setting}: the Worker applied {paced.InlineApplied:N0} batches inline on its poll thread, {paced.InlineFellBack:N0} tried inline went the usual way (docs/worker.md, \"Under a trickle\")");
foreach (var rate in paced.Rates)
{
    var target = rate.Target switch { 500 => 50, 2_000 => 25, _ => double.NaN };
    var latency = $"produce to visible p50 {BenchReport.Ms(rate.P50Ms)}, p99 {BenchReport.Ms(rate.P99Ms)}" + (mockHold ? " (the mock's fetch hold)" : "");
    report.Row($"(7) Worker, {BenchReport.Rate(rate.Target)} produced straight to Kafka, {setting}",
        $"Worker {rate.WorkerMicros:F0} µs/msg ({rate.WorkerShare:F1} % of a core; librdkafka's threads {rate.LibrdkafkaMicros:F0} µs/msg, JIT {rate.JitMicros:F0} µs/msg; " +
        $"{rate.MessagesPerBatch:F1} messages per batch; {rate.WakeupsPerMessage:F1} wakeups per message, librdkafka's {rate.LibrdkafkaWakeupsPerMessage:F1}; after {rate.LeadIn.TotalSeconds:F0} s at the rate); {latency}",
        $"redis-server {rate.RedisMicros:F0} µs/msg ({rate.RedisShare:F1} %); achieved {BenchReport.Rate(rate.Achieved)}", "",
        double.IsNaN(target) ? "" : $"<= {target:F0} µs/msg: {BenchReport.Met(rate.WorkerMicros <= target)}" + (mockHold ? " on the mock's larger batches (notes)" : ""));
}
}

report.Note("paced (7): one Worker process, events produced straight to the callbacks topic at a paced rate; after the warm-up the bench " +
    $"reads the Worker's /metrics {PacedWorkerBench.ScrapeWarmUp} times, so the scrape path it reads at each window's ends is compiled, as in a Worker " +
    "Prometheus has scraped for a few minutes (read only at the windows' ends, the JIT compiled it inside the first windows); each rate runs " +
    $"at least {PacedWorkerBench.LeadIn.TotalSeconds:F0} s before its window, then on in {PacedWorkerBench.JitQuietStep.TotalSeconds:F0} s steps until the JIT " +
    $"spent nothing in one (at most {PacedWorkerBench.MaxLeadIn.TotalSeconds:F0} s; each row says how long): a steady trickle, as in a Worker long since started; CPU from /proc/<pid>/stat over " +
    $"the producing window divided by the messages the Worker applied in it (its /metrics read at each end, not polled: polling counted the scrapes as the Worker's work), librdkafka's and the JIT's threads from /proc/<pid>/task; latency from produce to visible through the reader ({PacedWorkerBench.SamplesPerSecond} samples/s, " +
    "each read every 1 ms until visible; redis-server's figure includes those reads). The mock cluster holds an empty fetch for the whole " +
    "fetch.wait.max.ms where a real broker answers as soon as data arrives, and answers with at most one producer batch per partition where a real " +
    "broker sends all it has: with the mock fetch wait the latency is what a real broker gives and the CPU includes ~100 empty fetches/s per broker; " +
    "with the production fetch wait the CPU has no empty fetches in it and the latency is the mock's hold (after a hold the consumer catches up one " +
    "batch per partition per round trip), and its batches are larger than a real broker's answers would make them (each row gives its messages per " +
    "batch). Neither row is what production pays at a trickle: against real brokers (`make bench-real-kafka`, rows named \"real brokers\") each " +
    "arriving message ends a held fetch at once, and a trickle costs more than either mock row (docs/benchmarks.md, \"Worker under a trickle\", " +
    "eighth round; the wakeups per message are priced by row (0)). " +
    "The suspicion census (a walk of every open room, once a minute) is set to once an hour for these Workers: its cost is per room, not per message.");
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
report.Note($"end to end: each sampled room (every {EndToEndBench.SampleEvery}th callback) read through the reader until visible, pausing 1 ms (Task.Delay(1)) between reads, " +
    $"{e2e.ReadsPerSample:F1} reads per sample; CPU over the window, % of one core: {e2e.Cpu}");
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
