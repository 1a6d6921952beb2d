using System.Diagnostics;
using System.Globalization;
using KafkaRooms.Rooms.Redis;
using StackExchange.Redis;

namespace KafkaRooms.Bench;

/// <summary>
/// (1) Redis ceilings, each with redis-server's CPU per event: (a) a trivial compare-and-set
/// script (one GET, one SET) by SHA, pipelined by redis-benchmark, the least any rule script
/// can cost; (b) the batched rule script itself, calls of the size the store sends for worker
/// batches (one call per bucket of a 5,000-event batch), built before the clock starts and
/// pipelined, so Redis is the only thing measured.
/// </summary>
internal static class RedisCeilingBench
{
    public sealed record Ceiling(double EventsPerSecond, double RedisCpuMicrosPerEvent, string Shape);

    // Compare-and-set: writes only when the value differs.
    private const string TrivialScript = "if redis.call('GET', KEYS[1]) == ARGV[1] then return 0 end redis.call('SET', KEYS[1], ARGV[1]) return 1";

    private const int CallsInFlight = RoomStore.MaxCallsInFlight;

    public static async Task<Ceiling> TrivialAsync(BenchEnvironment environment, int requests)
    {
        await environment.FlushRedisAsync();
        var server = environment.Redis.GetServer(environment.Redis.GetEndPoints()[0]);
        var sha = Convert.ToHexStringLower(await server.ScriptLoadAsync(TrivialScript));
        var start = new ProcessStartInfo("redis-benchmark") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])["-p", environment.RedisPort.ToString(CultureInfo.InvariantCulture), "-n", requests.ToString(CultureInfo.InvariantCulture),
                     "-P", "32", "-c", "16", "-r", "100000000", "-q", "EVALSHA", sha, "1", "cas:__rand_int__", "__rand_int__"])
        {
            start.ArgumentList.Add(a);
        }

        var cpu = await RedisCpuAsync(environment);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var redisSeconds = cpu.CpuSeconds("redis-server");
        // -q prints "<command>: 123456.79 requests per second, p50=..." (carriage returns for progress).
        var line = output.Split('\r', '\n').LastOrDefault(l => l.Contains("requests per second", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"redis-benchmark printed no rate: {output}");
        var rate = double.Parse(System.Text.RegularExpressions.Regex.Match(line, @"([\d.]+) requests per second").Groups[1].Value, CultureInfo.InvariantCulture);
        await environment.FlushRedisAsync();
        return new Ceiling(rate, redisSeconds * 1e6 / requests, $"redis-benchmark -P 32 -c 16 -n {requests:N0} EVALSHA <GET+SET compare-and-set> 1 cas:__rand_int__ __rand_int__");
    }

    public static async Task<Ceiling> BatchedAsync(BenchEnvironment environment, int eventCount)
    {
        await environment.FlushRedisAsync();
        var calls = BuildCalls(eventCount, out var eventTotal);

        // Its own connection with a long timeout: on a loaded machine the last of many large
        // calls in flight can wait more than the default 5 s, which measures nothing but ends the run.
        await using var connection = await ConnectionMultiplexer.ConnectAsync(environment.RedisAddress + ",asyncTimeout=120000");
        var db = connection.GetDatabase();
        // Loads the script (SCRIPT LOAD, then EVALSHA) before the clock starts.
        await db.ScriptEvaluateAsync(RoomScripts.ApplyBatch, [.. calls[0].Keys.Take(4)], ["0", "1", "1", "1", "0", "0", "0"]);

        var cpu = await RedisCpuAsync(environment);
        var clock = Stopwatch.StartNew();
        var answers = new Task<RedisResult>[calls.Count];
        for (var c = 0; c < calls.Count; c++)
        {
            if (c >= CallsInFlight)
            {
                await answers[c - CallsInFlight];
            }

            answers[c] = db.ScriptEvaluateAsync(RoomScripts.ApplyBatch, calls[c].Keys, calls[c].Args);
        }

        await Task.WhenAll(answers);
        clock.Stop();
        var redisSeconds = cpu.CpuSeconds("redis-server");
        await environment.FlushRedisAsync();
        return new Ceiling(
            eventTotal / clock.Elapsed.TotalSeconds,
            redisSeconds * 1e6 / eventTotal,
            $"{calls.Count:N0} calls of {eventTotal / (double)calls.Count:F0} events on average ({eventTotal:N0} events, 64 buckets, feed on), {CallsInFlight} in flight");
    }

    /// <summary>The calls the store sends for worker batches of the bench's event mix (one call per bucket of a 5,000-event batch), prebuilt.</summary>
    public static List<(RedisKey[] Keys, RedisValue[] Args)> BuildCalls(int eventCount, out int events)
    {
        var options = new RoomStateOptions();
        var keys = new RoomKeySchema(options.KeyPrefix, options.BucketCount);
        var roomEvents = BenchWorkload.Generate(eventCount / 10, eventCount, seed: 1);
        var header = new ApplyCallHeader(
            DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            (long)options.EffectiveMaxEventAge.TotalMilliseconds,
            (long)options.MaxClockSkew.TotalMilliseconds,
            (long)options.TombstoneRetention.TotalMilliseconds,
            options.ChangeFeedMaxLength);
        var calls = new List<(RedisKey[] Keys, RedisValue[] Args)>();
        foreach (var batch in roomEvents.Chunk(StoreBench.BatchSize))
        {
            calls.AddRange(ApplyCall.Plan(batch, keys, options.MaxEventsPerCall).Select(call => call.Build(batch, keys, header)));
        }

        events = roomEvents.Count;
        return calls;
    }

    private static async Task<CpuMeter> RedisCpuAsync(BenchEnvironment environment) =>
        CpuMeter.Start(new() { ["redis-server"] = [await environment.RedisProcessIdAsync()] });
}
