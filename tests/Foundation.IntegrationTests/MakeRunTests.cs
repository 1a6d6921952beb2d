using System.Diagnostics;
using System.Net.Sockets;
using KafkaRooms.Testing;
using KafkaRooms.Testing.Redis;

namespace KafkaRooms.Foundation.IntegrationTests;

/// <summary>
/// `make run` (scripts/run.sh) on a developer's machine: ports someone else holds, a second run,
/// and stopping that leaves nothing behind, run as real processes on free ports.
/// </summary>
public sealed class MakeRunTests
{
    private static readonly TimeSpan Refusal = TimeSpan.FromSeconds(30);
    private static readonly (string, string) ShortGrace = ("STOP_GRACE", "3");

    [Fact]
    public async Task Taken_ports_are_refused_before_anything_starts_naming_the_holder_and_the_variable()
    {
        var stranger = RedisServerFixture.Private();
        await stranger.InitializeAsync();
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        using var makeRun = new MakeRun("ports");
        try
        {
            var strangerPort = int.Parse(stranger.ConnectionString.Split(':')[1]);
            var listenerPort = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
            makeRun.RedisPort = strangerPort;
            makeRun.IngestUrl = $"http://127.0.0.1:{listenerPort}";

            var run = makeRun.Start();
            Assert.Equal(1, await run.WaitForExitAsync(Refusal));

            var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(2, lines.Length);
            Assert.Matches($@"^make run: port {strangerPort} \(redis\) is in use by redis-server \(pid {await RedisPidAsync(strangerPort)}\); move redis with REDIS_PORT=\d+$", lines[0]);
            Assert.Matches($@"^make run: port {listenerPort} \(ingest\) is in use by .+ \(pid {Environment.ProcessId}\); move ingest with INGEST_URL=http://127\.0\.0\.1:\d+$", lines[1]);
            Assert.Empty(makeRun.ProcessesLeft());
            Assert.Empty(makeRun.Children());
            Assert.Equal("PONG", (await CommandLine.RunAsync("redis-cli", "", "-p", strangerPort.ToString(), "PING")).Trim());
        }
        finally
        {
            await stranger.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_second_run_is_refused_while_the_first_runs_and_cleans_up_after_it_once_it_was_killed()
    {
        using var makeRun = new MakeRun("second");
        var first = await makeRun.StartReadyAsync();
        var firstChildren = makeRun.Children();
        Assert.Equal(new[] { "redis", "kafka", "ingest", "worker", "readapi" }, firstChildren.Keys);
        Assert.Subset(LeftPids(makeRun), firstChildren.Values.ToHashSet());
        Assert.Equal(firstChildren["redis"], await RedisPidAsync(makeRun.RedisPort));

        var refused = makeRun.Start();
        Assert.Equal(1, await refused.WaitForExitAsync(Refusal));
        Assert.StartsWith($"make run: cannot start: make run is already running in this checkout (pid {first.Id}, started ", refused.Output);
        var refusedReset = makeRun.Reset();
        Assert.Equal(1, await refusedReset.WaitForExitAsync(Refusal));
        Assert.StartsWith($"make run: cannot reset: make run is already running in this checkout (pid {first.Id}, started ", refusedReset.Output);
        Assert.True(Directory.Exists(makeRun.RedisDirectory));
        Assert.False(first.HasExited);
        Assert.Equal(firstChildren, makeRun.Children());

        // Killed outright, the first run can stop nothing: its lock and its children outlive it.
        first.Signal("KILL");
        await first.WaitForExitAsync(Refusal);
        Assert.Subset(LeftPids(makeRun), firstChildren.Values.ToHashSet());

        var next = await makeRun.StartReadyAsync();
        foreach (var (name, pid) in firstChildren)
        {
            Assert.Contains($"make run: {name} (pid {pid}) was left running by a make run that was killed; stopping it", next.Output);
            Assert.False(Exists(pid), $"{name} (pid {pid}) of the killed run still runs");
        }

        var nextChildren = makeRun.Children();
        next.Signal("INT");
        Assert.Equal(0, await next.WaitForExitAsync(TimeSpan.FromSeconds(90)));
        Assert.Contains("stopping readapi worker ingest kafka redis: SIGTERM, SIGKILL after 15 s each (at most 100 s", next.Output);
        Assert.Matches(@"all stopped in \d+\.\d s", next.Output);
        Assert.Empty(makeRun.ProcessesLeft());
        Assert.All(nextChildren.Values, pid => Assert.False(Exists(pid), $"pid {pid} outlived make run"));

        // The lock went with the run: reset, which takes it too, goes through.
        var reset = makeRun.Reset();
        Assert.Equal(0, await reset.WaitForExitAsync(Refusal));
        Assert.Contains("the next make run starts empty", reset.Output);
        Assert.False(Directory.Exists(makeRun.RedisDirectory));
    }

    [Fact]
    public async Task A_redis_server_killed_during_the_run_is_started_again_on_its_own_files_and_stopped_with_the_run()
    {
        using var makeRun = new MakeRun("redis-killed");
        var run = await makeRun.StartReadyAsync(ShortGrace);
        var killed = makeRun.Children()["redis"];
        await RedisCliAsync(makeRun, "SET", "make-run-kept", "1");
        await RedisCliAsync(makeRun, "SAVE");

        Process.GetProcessById(killed).Kill();
        var restarted = killed;
        for (var attempt = 0; attempt < 100 && restarted == killed; attempt++)
        {
            await Task.Delay(100);
            restarted = makeRun.Children()["redis"];
        }

        Assert.NotEqual(killed, restarted);

        // The new pid can be seen before make run's line about it has been read from its output.
        await run.WaitForOutputAsync($"make run: redis (pid {killed}) exited; starting it again (1 of 5)", TimeSpan.FromSeconds(10));
        string kept = "";
        for (var attempt = 0; attempt < 100 && kept != "1"; attempt++)
        {
            await Task.Delay(100);
            kept = (await RedisCliAsync(makeRun, "GET", "make-run-kept")).Trim();
        }

        Assert.Equal("1", kept);
        Assert.Equal(restarted, await RedisPidAsync(makeRun.RedisPort));
        Assert.False(run.HasExited, "make run stopped although only redis-server died");

        run.Signal("INT");
        Assert.Equal(0, await run.WaitForExitAsync(TimeSpan.FromSeconds(4 * (3 + 5))));
        Assert.Empty(makeRun.ProcessesLeft());
    }

    [Fact]
    public async Task Stop_is_bounded_and_complete_when_redis_cannot_write_its_final_snapshot()
    {
        using var makeRun = new MakeRun("unsaved");
        var run = await makeRun.StartReadyAsync(ShortGrace);
        var redisPid = makeRun.Children()["redis"];
        await RedisCliAsync(makeRun, "SET", "make-run-unsaved", "1");
        // The data folder goes away under the running server: its shutdown save fails, and a
        // redis-server whose save fails refuses to exit on SIGTERM.
        Directory.Delete(makeRun.RedisDirectory, recursive: true);

        run.Signal("INT");
        Assert.Equal(0, await run.WaitForExitAsync(TimeSpan.FromSeconds(4 * (3 + 5))));
        Assert.Contains($"redis (pid {redisPid}) still running after 3 s of SIGTERM: SIGKILL", run.Output);
        Assert.Contains("Error trying to save the DB, can't exit.", await File.ReadAllTextAsync(Path.Combine(makeRun.RunDirectory, "logs", "redis.log")));
        Assert.Empty(makeRun.ProcessesLeft());
    }

    [Fact]
    public async Task Stop_kills_the_children_of_a_child_that_ignores_SIGTERM()
    {
        using var makeRun = new MakeRun("grandchild");
        var run = await makeRun.StartReadyAsync(ShortGrace);
        var redisPid = makeRun.Children()["redis"];
        // A background save that runs for a minute: redis-server's own child process.
        await CommandLine.RunAsync("redis-cli", string.Concat(Enumerable.Range(0, 120).Select(i => $"SET make-run-grandchild-{i} v\n")),
            "-p", makeRun.RedisPort.ToString());
        await RedisCliAsync(makeRun, "CONFIG", "SET", "rdb-key-save-delay", "500000");
        await RedisCliAsync(makeRun, "BGSAVE");
        var save = await WaitForProcessAsync(makeRun, "redis-rdb-bgsave");
        // A busy script keeps redis-server from handling SIGTERM, so it never stops its save
        // child itself; SIGKILL of redis-server alone would leave that child running.
        using var busy = Process.Start("redis-cli", ["-p", makeRun.RedisPort.ToString(), "EVAL", "while true do end", "0"])!;
        await Task.Delay(1000);

        run.Signal("INT");
        Assert.Equal(0, await run.WaitForExitAsync(TimeSpan.FromSeconds(4 * (3 + 5))));
        Assert.Contains($"redis (pid {redisPid}) still running after 3 s of SIGTERM: SIGKILL", run.Output);
        Assert.False(Exists(save), $"redis-server's child {save} outlived make run");
        Assert.Empty(makeRun.ProcessesLeft());
    }

    [Fact]
    public async Task A_service_that_exits_at_start_is_named_and_nothing_is_left_running()
    {
        using var makeRun = new MakeRun("dies");
        var run = makeRun.Start(("Ingest__MaxBodyBytes", "1"));
        Assert.Equal(1, await run.WaitForExitAsync(TimeSpan.FromSeconds(120)));
        Assert.Matches(@"make run: ingest \(pid \d+\) exited during start; the end of .*/logs/ingest\.log", run.Output);
        Assert.Contains("MaxBodyBytes", run.Output);
        Assert.Contains("stopping", run.Output);
        Assert.Empty(makeRun.ProcessesLeft());
    }

    [Fact]
    public async Task State_is_kept_between_runs_with_AOF_and_FRESH_starts_empty()
    {
        using var makeRun = new MakeRun("state");
        await WriteSnapshotWithRoomsAsync(makeRun.RedisDirectory, "kr:{1:0}:rooms", "kr:{1:7}:rooms", "kr:{2:3}:rooms");

        var reused = await makeRun.StartReadyAsync();
        Assert.Contains($"state: reusing {makeRun.RedisDirectory} (its snapshot now also kept as AOF): 3 open rooms, 3 keys", reused.Output);
        Assert.Equal("appendonly\nyes\n", await RedisCliAsync(makeRun, "CONFIG", "GET", "appendonly"));
        Assert.Equal("appendfsync\neverysec\n", await RedisCliAsync(makeRun, "CONFIG", "GET", "appendfsync"));
        reused.Signal("INT");
        Assert.Equal(0, await reused.WaitForExitAsync(TimeSpan.FromSeconds(90)));
        Assert.True(Directory.Exists(Path.Combine(makeRun.RedisDirectory, "appendonlydir")), "no AOF was written");

        var fresh = await makeRun.StartReadyAsync(("FRESH", "1"));
        Assert.Contains($"state: FRESH=1: emptied {makeRun.RedisDirectory}: 0 open rooms, 0 keys", fresh.Output);
        fresh.Signal("INT");
        Assert.Equal(0, await fresh.WaitForExitAsync(TimeSpan.FromSeconds(90)));
    }

    /// <summary>dump.rdb in <paramref name="directory"/> with one room in each bucket key, as an earlier make run (RDB only) left it.</summary>
    private static async Task WriteSnapshotWithRoomsAsync(string directory, params string[] bucketKeys)
    {
        var port = FreePorts.Next();
        Directory.CreateDirectory(directory);
        using var server = Process.Start("redis-server", ["--port", port.ToString(), "--bind", "127.0.0.1", "--dir", directory,
            "--save", "", "--appendonly", "no", "--daemonize", "no", "--logfile", "/dev/null"])!;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                Assert.Equal("PONG", (await CommandLine.RunAsync("redis-cli", "", "-p", port.ToString(), "PING")).Trim());
                break;
            }
            catch (Xunit.Sdk.XunitException) when (attempt < 100)
            {
                await Task.Delay(100);
            }
        }

        var commands = string.Concat(bucketKeys.Select((key, i) => $"ZADD {key} 0 room-{i}\n")) + "SHUTDOWN SAVE\n";
        using var cli = Process.Start(new ProcessStartInfo("redis-cli", ["-p", port.ToString()]) { RedirectStandardInput = true })!;
        await cli.StandardInput.WriteAsync(commands);
        cli.StandardInput.Close();
        using var shutdown = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await server.WaitForExitAsync(shutdown.Token);
        Assert.True(File.Exists(Path.Combine(directory, "dump.rdb")));
    }

    private static Task<string> RedisCliAsync(MakeRun makeRun, params string[] command) =>
        CommandLine.RunAsync("redis-cli", "", ["-p", makeRun.RedisPort.ToString(), .. command]);

    private static async Task<int> RedisPidAsync(int port)
    {
        var info = await CommandLine.RunAsync("redis-cli", "", "-p", port.ToString(), "INFO", "server");
        var line = info.Split('\n').Single(l => l.StartsWith("process_id:", StringComparison.Ordinal));
        return int.Parse(line["process_id:".Length..].Trim());
    }

    private static async Task<int> WaitForProcessAsync(MakeRun makeRun, string commandLine)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var found = makeRun.ProcessesLeft().FirstOrDefault(p => p.Contains(commandLine, StringComparison.Ordinal));
            if (found is not null)
            {
                return int.Parse(found.Split(' ')[0]);
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"no process {commandLine} among {string.Join(", ", makeRun.ProcessesLeft())}");
    }

    private static HashSet<int> LeftPids(MakeRun makeRun) => makeRun.ProcessesLeft().Select(p => int.Parse(p.Split(' ')[0])).ToHashSet();

    private static bool Exists(int pid) => Directory.Exists($"/proc/{pid}");
}
