using System.Diagnostics;
using Confluent.Kafka;
using KafkaRooms.LocalKafka;
using KafkaRooms.Rooms.Contract;
using KafkaRooms.Testing;

namespace KafkaRooms.Bench;

/// <summary>
/// (3) Worker processes in one consumer group draining a pre-filled topic, and the naive
/// baseline: one sequential consumer, one awaited Redis round trip per message.
/// </summary>
internal static class WorkerBench
{
    /// <summary>
    /// One drain: throughput, and the CPU time per applied event of the Redis masters and of the
    /// Worker processes over the same window (from /proc/&lt;pid&gt;/stat), which hold up on a busy
    /// machine where throughput does not.
    /// </summary>
    /// <param name="LongestStall">The longest stretch with no event finished by any Worker, once the first was (a rebalance, a pause).</param>
    /// <param name="LongestStallAt">When the longest stretch with nothing finished began, from the clock's start.</param>
    /// <param name="AllApplyingAt">When the last Worker finished its first event, from the clock's start.</param>
    /// <param name="EventsPerCall">Events measured over the script calls Redis answered in the same window.</param>
    public sealed record Run(double PerSecond, TimeSpan Elapsed, double RedisMicrosPerEvent, double WorkerMicrosPerEvent, string Cpu, TimeSpan LongestStall,
        TimeSpan LongestStallAt, TimeSpan AllApplyingAt, double EventsPerCall);

    /// <param name="more">More environment of the Worker processes (e.g. RoomState__ChangeFeedMaxLength).</param>
    public static async Task<Run> RunWorkersAsync(
        BenchEnvironment environment, RedisTarget redis, string topic, int totalEvents, int workers, IReadOnlyDictionary<string, string>? more = null)
    {
        await redis.FlushAsync();
        var group = $"bench-{workers}-{Guid.NewGuid():N}";
        var settings = environment.WorkerEnvironment(topic, group);
        settings["RoomState__Redis"] = redis.ConnectionString;
        foreach (var (key, value) in more ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        var processes = new List<ServiceProcess>();
        environment.Kafka.SetGroupInitialRebalanceDelay(BenchEnvironment.BrokerInitialRebalanceDelay);
        try
        {
            // Started together, as a deployment starts its replicas: they join the group in one
            // rebalance (within the broker's initial delay) instead of each moving partitions away
            // from Workers already draining.
            var starting = Enumerable.Range(0, workers)
                .Select(i => ServiceProcess.StartAsync(environment.Options.WorkerProgram ?? environment.Program("Worker"), $"worker{i}", settings))
                .ToList();
            try
            {
                await Task.WhenAll(starting);
            }
            finally
            {
                processes.AddRange(starting.Where(s => s.IsCompletedSuccessfully).Select(s => s.Result));
            }

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var redisPids = await redis.ProcessIdsAsync();
            Stopwatch? clock = null;
            CpuMeter? cpu = null;
            long first = 0;
            long firstCalls = 0;
            long last = 0;
            var lastProgress = TimeSpan.Zero;
            var longestStall = TimeSpan.Zero;
            var longestStallAt = TimeSpan.Zero;
            TimeSpan? allApplyingAt = null;
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
            while (DateTime.UtcNow < deadline)
            {
                long done = 0;
                var applying = 0;
                foreach (var process in processes)
                {
                    var processed = await ProcessedAsync(http, process.Url);
                    done += processed;
                    applying += processed > 0 ? 1 : 0;
                }

                // The clock starts at the first applied event, so group joins are not counted.
                if (done > 0 && clock is null)
                {
                    clock = Stopwatch.StartNew();
                    first = done;
                    firstCalls = await redis.ScriptCallsAsync();
                    cpu = CpuMeter.Start(new()
                    {
                        [redis.Name] = redisPids,
                        ["workers"] = processes.Select(p => p.Id).ToArray(),
                        ["mock Kafka + driver"] = [BenchEnvironment.BenchProcessId],
                    });
                }

                if (clock is not null && applying == processes.Count)
                {
                    allApplyingAt ??= clock.Elapsed;
                }

                if (clock is not null && done > last)
                {
                    if (clock.Elapsed - lastProgress > longestStall)
                    {
                        longestStall = clock.Elapsed - lastProgress;
                        longestStallAt = lastProgress;
                    }

                    lastProgress = clock.Elapsed;
                    last = done;
                }

                if (done >= totalEvents)
                {
                    cpu!.Stop();
                    var elapsed = clock!.Elapsed;
                    var measured = totalEvents - first;
                    var calls = await redis.ScriptCallsAsync() - firstCalls;
                    return new Run(measured / elapsed.TotalSeconds, elapsed,
                        cpu.MicrosecondsPer(redis.Name, measured), cpu.MicrosecondsPer("workers", measured), cpu.Report(), longestStall,
                        longestStallAt, allApplyingAt ?? elapsed, calls > 0 ? (double)measured / calls : double.NaN);
                }

                // Each read of a Worker's /metrics costs it about 1.8 ms of CPU (measured on an idle
                // Worker, docs/benchmarks.md "Worker under a trickle", fifth round), all counted as
                // its CPU per event: every 100 ms keeps that to about 3 % of a draining Worker's (an estimate from
                // those two figures, not measured in a drain).
                await Task.Delay(100);
            }

            throw new TimeoutException($"{workers} worker(s) did not apply {totalEvents} events in 5 minutes");
        }
        finally
        {
            environment.Kafka.SetGroupInitialRebalanceDelay(MockKafkaCluster.TestRebalanceDelay);
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }
        }
    }

    /// <summary>Events a worker has finished: applied (any outcome) plus dead-lettered, from its /metrics.</summary>
    internal static async Task<long> ProcessedAsync(HttpClient http, Uri worker) =>
        (long)PrometheusText.Sum(await http.GetStringAsync(new Uri(worker, "metrics")), WorkerMetricNames.Processed);

    /// <summary>What a user writes first: consume one message, apply it, await Redis, next. Events/s and Redis CPU per event.</summary>
    public static async Task<(double PerSecond, double RedisMicrosPerEvent)> RunNaiveAsync(BenchEnvironment environment, string topic, int events)
    {
        await environment.FlushRedisAsync();
        var store = environment.NewStore();
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = environment.Kafka.BootstrapServers,
            GroupId = $"naive-{Guid.NewGuid():N}",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = true,
        }).Build();
        consumer.Subscribe(topic);
        var redisPid = await environment.RedisProcessIdAsync();
        var applied = 0;
        Stopwatch? clock = null;
        CpuMeter? cpu = null;
        while (applied < events)
        {
            var result = consumer.Consume(TimeSpan.FromSeconds(1));
            if (result is null)
            {
                continue;
            }

            cpu ??= CpuMeter.Start(new() { ["redis-server"] = [redisPid] });
            clock ??= Stopwatch.StartNew();
            await store.ApplyAsync(RoomEventCodec.Deserialize(result.Message.Value));
            applied++;
        }

        cpu!.Stop();
        consumer.Close();
        return (applied / clock!.Elapsed.TotalSeconds, cpu.MicrosecondsPer("redis-server", applied));
    }
}
