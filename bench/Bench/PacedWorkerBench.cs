using System.Diagnostics;
using Confluent.Kafka;
using KafkaRooms.Rooms.Contract;
using KafkaRooms.Rooms.Kafka;
using KafkaRooms.Rooms.Reading;
using KafkaRooms.Rooms.Redis;
using KafkaRooms.Testing;
using Microsoft.Extensions.Options;

namespace KafkaRooms.Bench;

/// <summary>
/// (7) One Worker process under paced load produced straight to Kafka (a producer in this
/// process, Ingest's settings): Worker and redis-server CPU per message at each rate, latency
/// from produce to visible through the reader, and the Worker's CPU with nothing to do.
/// </summary>
internal static class PacedWorkerBench
{
    /// <summary>Latency samples per second, whatever the rate: the watchers' reads stay small beside the load.</summary>
    public const int SamplesPerSecond = 50;

    /// <summary>
    /// How old the Worker is at least before anything is measured. Code run about once a second
    /// (timers, the runtime's counters) reaches the tiered JIT's 30 calls only half a minute after
    /// start; a Worker in production has long since compiled it, and the first rate's window
    /// should not pay for it.
    /// </summary>
    public static readonly TimeSpan MinimumAge = TimeSpan.FromSeconds(45);

    /// <summary>
    /// How many times the warm-up reads the Worker's /metrics. The bench reads it at each window's
    /// ends and while waiting for a catch-up: without this, the tiered JIT compiled the scrape path
    /// (Kestrel, the Prometheus serializer, the runtime's observable counters) inside the first
    /// windows, up to 24 µs per message at 500/s. A Worker scraped every 15 s by Prometheus has
    /// compiled it within minutes of starting.
    /// </summary>
    public const int ScrapeWarmUp = 100;

    /// <summary>How long each rate runs at least before its measured window.</summary>
    public static readonly TimeSpan LeadIn = TimeSpan.FromSeconds(5);

    /// <summary>After <see cref="LeadIn"/>, the rate runs on in steps of this until the JIT spent nothing in one.</summary>
    public static readonly TimeSpan JitQuietStep = TimeSpan.FromSeconds(2);

    /// <summary>The longest a rate runs before its window, waiting for the JIT to go quiet.</summary>
    public static readonly TimeSpan MaxLeadIn = TimeSpan.FromSeconds(35);

    /// <param name="LibrdkafkaMicros">Of <paramref name="WorkerMicros"/>, librdkafka's threads (fetches).</param>
    /// <param name="JitMicros">Of <paramref name="WorkerMicros"/>, the tiered JIT's thread.</param>
    /// <param name="LeadIn">How long the rate ran before its window (until the JIT went quiet).</param>
    /// <param name="Batches">Batches the Worker applied in the window.</param>
    /// <param name="Wakeups">The Worker's threads' voluntary context switches in the window: each a block and a wakeup.</param>
    /// <param name="LibrdkafkaWakeups">Of <paramref name="Wakeups"/>, librdkafka's threads'.</param>
    public sealed record Rate(
        double Target, double Achieved, long Messages, double WorkerMicros, double WorkerShare, double RedisMicros, double RedisShare,
        int Samples, double P50Ms, double P99Ms, double LibrdkafkaMicros, double JitMicros, TimeSpan LeadIn, long Batches, long Wakeups, long LibrdkafkaWakeups)
    {
        /// <summary>The Worker's wakeups per message applied.</summary>
        public double WakeupsPerMessage => Messages > 0 ? (double)Wakeups / Messages : double.NaN;

        /// <summary>librdkafka's threads' wakeups per message applied (fetch answers, timers).</summary>
        public double LibrdkafkaWakeupsPerMessage => Messages > 0 ? (double)LibrdkafkaWakeups / Messages : double.NaN;

        /// <summary>Messages the Worker applied per batch in the window: how much each fetch answer and wakeup carried.</summary>
        public double MessagesPerBatch => Batches > 0 ? (double)Messages / Batches : double.NaN;
    }

    /// <param name="IdleLibrdkafkaShare">Of <paramref name="IdleWorkerShare"/>, librdkafka's threads (empty fetches).</param>
    /// <param name="Settled">How long after the warm-up the tiered JIT went quiet (idle is measured from then).</param>
    /// <param name="InlineApplied">Batches the Worker applied inline on its poll thread over the whole run (docs/worker.md, "Under a trickle").</param>
    /// <param name="InlineFellBack">Batches tried inline that went the usual way after all.</param>
    public sealed record Result(
        double IdleWorkerShare, double IdleRedisShare, TimeSpan IdleWindow, IReadOnlyList<Rate> Rates, double IdleLibrdkafkaShare, TimeSpan Settled,
        long InlineApplied, long InlineFellBack);

    /// <param name="brokers">
    /// The mock cluster with the short fetch wait it needs for latency (see
    /// <see cref="BenchEnvironment.MockFetchWaitMax"/>) or with the Worker's own default, or real brokers.
    /// </param>
    public static async Task<Result> RunAsync(
        BenchEnvironment environment, PacedBrokers brokers, string topic, IReadOnlyList<double> rates, TimeSpan duration)
    {
        await environment.FlushRedisAsync();
        var settings = brokers.WorkerEnvironment(environment, topic, $"paced-{Guid.NewGuid():N}");

        // The suspicion census walks every open room once a minute (docs/reconciliation.md): work
        // per room, not per message, which landed in one rate's window or another and doubled its
        // figure (docs/benchmarks.md, "Worker under a trickle"). Kept out of these windows.
        settings.TryAdd("Reconciliation__CensusPeriod", "01:00:00");

        await using var worker = await ServiceProcess.StartAsync(environment.Options.WorkerProgram ?? environment.Program("Worker"), "worker", settings);
        var age = Stopwatch.StartNew();
        using var producer = new ProducerBuilder<byte[], byte[]>(brokers.Producer()).Build();
        var reader = new RoomReader(environment.Redis, Options.Create(new RoomStateOptions()));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var redisPid = await environment.RedisProcessIdAsync();
        var sent = 0L;

        // Warm-up: group join, connections, and the JIT's tiers (a young process compiles for seconds).
        sent += (await ProduceAsync(producer, topic, reader, 1_000, TimeSpan.FromSeconds(6), "warm", worker)).Messages;
        await CaughtUpAsync(http, worker, sent);
        for (var scrape = 0; scrape < ScrapeWarmUp; scrape++)
        {
            await WorkerBench.ProcessedAsync(http, worker.Url);
            await Task.Delay(10);
        }

        // Idle: nothing produced, nothing to do, once the JIT's tiering of the warm-up is over (a
        // young Worker compiles for half a minute; a Worker idling in production long since has).
        var settled = await JitSettledAsync(worker, age);
        var idleWindow = duration < TimeSpan.FromSeconds(10) ? duration : TimeSpan.FromSeconds(10);
        var idle = Meter(worker, redisPid);
        var idleThreads = ThreadCpuMeter.Start(worker.Id);
        await Task.Delay(idleWindow);
        idle.Stop();
        var idleCpu = idleThreads.Stop();

        var results = new List<Rate>();
        foreach (var rate in rates)
        {
            // A steady trickle: the rate runs for a lead-in before the meters start, so the window
            // holds neither the switch from the previous rate nor the JIT tiering it sets off (a
            // Worker in production has long since compiled its path; a trickle calls each method
            // slowly, so it reaches each tier late).
            sent += (await ProduceAsync(producer, topic, reader, rate, LeadIn, $"lead{rate}", worker)).Messages;
            var leadIn = LeadIn;
            while (leadIn < MaxLeadIn)
            {
                var jit = ThreadCpuMeter.Start(worker.Id);
                sent += (await ProduceAsync(producer, topic, reader, rate, JitQuietStep, $"lead{rate}-{leadIn.TotalSeconds:F0}", worker)).Messages;
                leadIn += JitQuietStep;
                if (jit.Stop().Jit < 0.001)
                {
                    break;
                }
            }
            // The window is the producing window itself, and its messages are those the Worker
            // applied meanwhile (one scrape of its metrics at each end). Waiting for the catch-up
            // inside the window scraped /metrics every 20 ms, up to half a second with the mock's
            // fetch hold, and counted that HTTP and serialisation work as the Worker's.
            var before = await CountsAsync(http, worker.Url);
            var cpu = Meter(worker, redisPid);
            var threads = ThreadCpuMeter.Start(worker.Id);
            var run = await ProduceAsync(producer, topic, reader, rate, duration, $"r{rate}", worker);
            var after = await CountsAsync(http, worker.Url);
            var applied = after.Processed - before.Processed;
            cpu.Stop();
            var byThread = threads.Stop();
            sent += run.Messages;
            await CaughtUpAsync(http, worker, sent);
            results.Add(new Rate(
                rate, run.Messages / run.Elapsed.TotalSeconds, applied,
                cpu.MicrosecondsPer("worker", applied), cpu.CoreShare("worker"),
                cpu.MicrosecondsPer("redis-server", applied), cpu.CoreShare("redis-server"),
                run.Latencies.Count, Percentile(run.Latencies, 50), Percentile(run.Latencies, 99),
                byThread.Librdkafka * 1e6 / applied, byThread.Jit * 1e6 / applied, leadIn, after.Batches - before.Batches, byThread.Wakeups, byThread.LibrdkafkaWakeups));
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        var metrics = await http.GetStringAsync(new Uri(worker.Url, "metrics"));
        return new Result(
            idle.CoreShare("worker"), idle.CoreShare("redis-server"), idleWindow, results,
            idleCpu.Librdkafka / idleWindow.TotalSeconds * 100, settled,
            (long)PrometheusText.Sum(metrics, WorkerMetricNames.InlineBatches, "outcome=\"applied\""),
            (long)PrometheusText.Sum(metrics, WorkerMetricNames.InlineBatches, "outcome=\"fell_back\""));
    }

    /// <summary>
    /// Waits until the Worker is <see cref="MinimumAge"/> old and its tiered JIT thread then spent
    /// nothing for 2 s (at most 40 s more); returns how long after the warm-up that was.
    /// </summary>
    private static async Task<TimeSpan> JitSettledAsync(ServiceProcess worker, Stopwatch age)
    {
        var started = Stopwatch.StartNew();
        if (age.Elapsed < MinimumAge)
        {
            await Task.Delay(MinimumAge - age.Elapsed);
        }

        var settling = Stopwatch.StartNew();
        while (settling.Elapsed < TimeSpan.FromSeconds(40))
        {
            var threads = ThreadCpuMeter.Start(worker.Id);
            await Task.Delay(TimeSpan.FromSeconds(2));
            if (threads.Stop().Jit < 0.001)
            {
                break;
            }
        }

        return started.Elapsed;
    }

    /// <summary>Messages finished and batches applied so far, from one read of the Worker's /metrics.</summary>
    private static async Task<(long Processed, long Batches)> CountsAsync(HttpClient http, Uri worker)
    {
        var metrics = await http.GetStringAsync(new Uri(worker, "metrics"));
        return ((long)PrometheusText.Sum(metrics, WorkerMetricNames.Processed), (long)PrometheusText.Sum(metrics, WorkerMetricNames.BatchesApplied));
    }

    private static CpuMeter Meter(ServiceProcess worker, int redisPid) =>
        CpuMeter.Start(new() { ["worker"] = [worker.Id], ["redis-server"] = [redisPid] });

    private sealed record Run(long Messages, TimeSpan Elapsed, List<double> Latencies);

    /// <summary>
    /// Produces new-room events at <paramref name="rate"/> for <paramref name="duration"/>, paced
    /// per millisecond; every few messages one is watched until the reader sees its room.
    /// </summary>
    private static async Task<Run> ProduceAsync(
        IProducer<byte[], byte[]> producer, string topic, RoomReader reader, double rate, TimeSpan duration, string tag, ServiceProcess worker)
    {
        var total = (long)(rate * duration.TotalSeconds);
        var sampleEvery = Math.Max(1, (int)(rate / SamplesPerSecond));
        var latencies = new List<double>();
        var watchers = new List<Task>();
        var failures = 0;
        var run = Guid.NewGuid().ToString("N")[..8];
        var clock = Stopwatch.StartNew();
        await Task.Run(() =>
        {
            for (var i = 0L; i < total;)
            {
                var due = Math.Min(total, (long)(clock.Elapsed.TotalSeconds * rate) + 1);
                for (; i < due; i++)
                {
                    var roomId = $"{tag}-{run}-{i}";
                    var e = new RoomEvent
                    {
                        Kind = RoomEventKind.RoomCreated, AppId = 1, RoomId = roomId,
                        RoomSession = 858012925204410400UL + (ulong)i, TimeMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
                        Creator = "bench",
                    };
                    var headers = new Headers();
                    foreach (var (name, value) in RoomEventMessage.Headers(e))
                    {
                        headers.Add(name, value);
                    }

                    var produced = Stopwatch.GetTimestamp();
                    producer.Produce(topic, new Message<byte[], byte[]> { Key = RoomEventMessage.Key(e), Value = RoomEventMessage.Value(e), Headers = headers },
                        report => { if (report.Error.IsError) Interlocked.Increment(ref failures); });
                    if (i % sampleEvery == 0)
                    {
                        watchers.Add(WatchAsync(reader, roomId, produced, latencies));
                    }
                }

                Thread.Sleep(1);
            }
        });
        var elapsed = clock.Elapsed;
        producer.Flush(TimeSpan.FromSeconds(30));
        try
        {
            await Task.WhenAll(watchers);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}; the Worker's first lines of output:\n{worker.Output()}", ex);
        }
        if (failures > 0)
        {
            throw new InvalidOperationException($"{failures} of {total} paced messages were not written ({worker.Name} run {tag})");
        }

        return new Run(total, elapsed, latencies);
    }

    private static async Task WatchAsync(RoomReader reader, string roomId, long produced, List<double> latencies)
    {
        while (await reader.GetRoomAsync(1, roomId) is null)
        {
            if (Stopwatch.GetElapsedTime(produced) > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"room {roomId} never became visible");
            }

            await Task.Delay(1);
        }

        var visibleAfter = Stopwatch.GetElapsedTime(produced).TotalMilliseconds;
        lock (latencies)
        {
            latencies.Add(visibleAfter);
        }
    }

    /// <summary>Waits until the Worker's /metrics count every produced message as done.</summary>
    private static async Task CaughtUpAsync(HttpClient http, ServiceProcess worker, long produced)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (await WorkerBench.ProcessedAsync(http, worker.Url) < produced)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the worker did not apply {produced} paced messages within 60 s");
            }

            await Task.Delay(20);
        }
    }

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        values.Sort();
        return values[Math.Clamp((int)Math.Ceiling(p / 100 * values.Count) - 1, 0, values.Count - 1)];
    }
}
