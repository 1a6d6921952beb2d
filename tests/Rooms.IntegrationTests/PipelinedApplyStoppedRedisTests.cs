using System.Diagnostics;
using KafkaRooms.Rooms.Redis;
using KafkaRooms.Testing.Redis;
using StackExchange.Redis;
using static KafkaRooms.Rooms.IntegrationTests.Events;

namespace KafkaRooms.Rooms.IntegrationTests;

/// <summary>
/// A redis-server that stops reading (SIGSTOP, as a frozen host or a partition looks from the
/// Worker) while a batch larger than the sockets' buffers is written over the pipelined path:
/// the write gives up after the store's timeout instead of holding the caller (the Worker's poll
/// thread) for good.
/// </summary>
public sealed class PipelinedApplyStoppedRedisTests : IAsyncLifetime
{
    private readonly RedisServerFixture _server = RedisServerFixture.Private();

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task A_write_to_a_redis_that_stopped_reading_gives_up_and_the_store_recovers_once_it_reads_again()
    {
        var h = new StateHarness(RedisTarget.Of(_server));
        await _server.Connection.GetServers().Single().ScriptLoadAsync(RoomScripts.ApplyBatch);
        Assert.Equal([ApplyOutcome.Applied], await h.Store.ApplyValidatedBatchAsync([Created("stopped-before", 7, T0)]));
        var pid = await ProcessIdAsync();
        // About 64 MB: more than every socket buffer between the store and a server that reads nothing.
        var creator = new string('c', 10_000);
        var large = Enumerable.Range(0, 6_400).Select(i => Created($"stopped-{i}", 7, T0, creator)).ToList();

        Signal("STOP", pid);
        var started = Stopwatch.GetTimestamp();
        try
        {
            // The pipelined write happens on the calling thread, before the call's first await.
            var applying = Task.Run(() => h.Store.ApplyValidatedBatchAsync(large));
            var ended = await Task.WhenAny(applying, Task.Delay(TimeSpan.FromSeconds(60)));

            Assert.Same(applying, ended);
            // Pipelined write timed out (5 s), then StackExchange.Redis's own timeout: an error the Worker retries.
            await Assert.ThrowsAnyAsync<Exception>(() => applying);
            Assert.True(Stopwatch.GetElapsedTime(started) >= RoomStore.PipelineTimeout, "gave up before the timeout");
        }
        finally
        {
            Signal("CONT", pid);
        }

        h.Clock.Advance(OwnConnectionPath.RestAfterFailure);
        Assert.Equal([ApplyOutcome.Applied], await h.Store.ApplyValidatedBatchAsync([Created("stopped-after", 7, T0)]));
        Assert.NotNull(await h.Reader.GetRoomAsync(1, "stopped-after"));
    }

    private async Task<int> ProcessIdAsync()
    {
        var info = await _server.Connection.GetServers().Single().InfoAsync("server");
        return int.Parse(info.SelectMany(g => g).Single(p => p.Key == "process_id").Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Signal(string signal, int pid)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }
}
