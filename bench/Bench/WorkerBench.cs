using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using KafkaRooms.Rooms.Contract;
using KafkaRooms.Testing;

namespace KafkaRooms.Bench;

/// <summary>
/// (3) Worker processes in one consumer group draining a pre-filled topic, and the naive
/// baseline: one sequential consumer, one awaited Redis round trip per message.
/// </summary>
internal static class WorkerBench
{
    /// <param name="settings">More environment of the Worker processes (e.g. RoomState__ChangeFeedMaxLength).</param>
    public static async Task<(double PerSecond, TimeSpan Elapsed, string Cpu)> RunWorkersAsync(
        BenchEnvironment environment, string topic, int totalEvents, int workers, IReadOnlyDictionary<string, string>? settings = null)
    {
        await environment.FlushRedisAsync();
        var group = $"bench-{workers}-{Guid.NewGuid():N}";
        var serviceEnvironment = environment.ServiceEnvironment(topic, group);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            serviceEnvironment[key] = value;
        }

        var processes = new List<ServiceProcess>();
        try
        {
            for (var i = 0; i < workers; i++)
            {
                processes.Add(await ServiceProcess.StartAsync(environment.Program("Worker"), $"worker{i}", serviceEnvironment));
            }

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var redisPid = await environment.RedisProcessIdAsync();
            Stopwatch? clock = null;
            CpuMeter? cpu = null;
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
            while (DateTime.UtcNow < deadline)
            {
                long done = 0;
                foreach (var process in processes)
                {
                    done += await ProcessedAsync(http, process.Url);
                }

                // The clock starts at the first applied event, so group joins are not counted.
                if (done > 0 && clock is null)
                {
                    clock = Stopwatch.StartNew();
                    cpu = CpuMeter.Start(new()
                    {
                        ["redis-server"] = [redisPid],
                        ["workers"] = processes.Select(p => p.Id).ToArray(),
                        ["mock Kafka + driver"] = [BenchEnvironment.BenchProcessId],
                    });
                }

                if (done >= totalEvents)
                {
                    var elapsed = clock!.Elapsed;
                    return (totalEvents / elapsed.TotalSeconds, elapsed, cpu!.Report());
                }

                await Task.Delay(50);
            }

            throw new TimeoutException($"{workers} worker(s) did not apply {totalEvents} events in 5 minutes");
        }
        finally
        {
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }
        }
    }

    /// <summary>Events a worker has finished: applied (any outcome) plus dead-lettered, from its /metrics.</summary>
    internal static async Task<long> ProcessedAsync(HttpClient http, Uri worker)
    {
        var text = await http.GetStringAsync(new Uri(worker, "metrics"));
        long total = 0;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("kafkarooms_worker_events_applied", StringComparison.Ordinal)
                || line.StartsWith("kafkarooms_worker_events_dead_lettered", StringComparison.Ordinal))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                total += (long)double.Parse(parts[1], CultureInfo.InvariantCulture);
            }
        }

        return total;
    }

    /// <summary>What a user writes first: consume one message, apply it, await Redis, next.</summary>
    public static async Task<double> RunNaiveAsync(BenchEnvironment environment, string topic, int events)
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
        var applied = 0;
        Stopwatch? clock = null;
        while (applied < events)
        {
            var result = consumer.Consume(TimeSpan.FromSeconds(1));
            if (result is null)
            {
                continue;
            }

            clock ??= Stopwatch.StartNew();
            await store.ApplyAsync(RoomEventCodec.Deserialize(result.Message.Value));
            applied++;
        }

        consumer.Close();
        return applied / clock!.Elapsed.TotalSeconds;
    }
}
