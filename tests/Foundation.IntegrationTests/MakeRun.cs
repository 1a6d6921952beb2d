using System.Diagnostics;
using KafkaRooms.Testing;

namespace KafkaRooms.Foundation.IntegrationTests;

/// <summary>
/// scripts/run.sh (what `make run` runs) as a real process, on free ports with its own run
/// directory. Whatever outlives a run is found by scanning /proc for two marks: a variable in
/// the environment every process it starts inherits, and the sessions of the children it
/// records (redis-server rewrites the memory /proc shows as its environment for its process
/// title, so its own children are found by session): children, and children of children.
/// </summary>
internal sealed class MakeRun : IDisposable
{
    private const string MarkerVariable = "KAFKAROOMS_MAKE_RUN_TEST";
    private readonly string _marker = Guid.NewGuid().ToString("N");
    private readonly List<WatchedProcess> _runs = [];
    private readonly HashSet<int> _sessions = [];

    public MakeRun(string name)
    {
        RunDirectory = Directory.CreateTempSubdirectory($"make-run-{name}-").FullName;
        RedisPort = FreePorts.Next();
        IngestUrl = $"http://127.0.0.1:{FreePorts.Next()}";
        WorkerUrl = $"http://127.0.0.1:{FreePorts.Next()}";
        ReadUrl = $"http://127.0.0.1:{FreePorts.Next()}";
    }

    public string RunDirectory { get; }

    public string RedisDirectory => Path.Combine(RunDirectory, "redis");

    public int RedisPort { get; set; }

    public string IngestUrl { get; set; }

    public string WorkerUrl { get; set; }

    public string ReadUrl { get; set; }

    /// <summary>Starts scripts/run.sh with these ports and run directory, plus <paramref name="environment"/>.</summary>
    public WatchedProcess Start(params (string Name, string Value)[] environment) => StartScript("run.sh", environment);

    /// <summary>Starts scripts/reset.sh (`make reset`) on this run directory.</summary>
    public WatchedProcess Reset() => StartScript("reset.sh", []);

    private WatchedProcess StartScript(string script, (string Name, string Value)[] environment)
    {
        // A test run started in the background of a shell without job control inherits SIGINT and
        // SIGQUIT ignored, and bash cannot trap a signal ignored on entry: the run would never see
        // the tests' Ctrl-C. env resets them (then execs bash, same pid), as a terminal has them.
        var start = new ProcessStartInfo("env") { WorkingDirectory = RepositoryLayout.Root };
        start.ArgumentList.Add("--default-signal=INT,QUIT");
        start.ArgumentList.Add("bash");
        start.ArgumentList.Add(Path.Combine(RepositoryLayout.Root, "scripts", script));
        start.Environment["CONFIGURATION"] = RepositoryLayout.Configuration;
        start.Environment["RUN_DIR"] = RunDirectory;
        start.Environment["REDIS_PORT"] = RedisPort.ToString();
        start.Environment["INGEST_URL"] = IngestUrl;
        start.Environment["WORKER_URL"] = WorkerUrl;
        start.Environment["READ_URL"] = ReadUrl;
        start.Environment[MarkerVariable] = _marker;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var run = WatchedProcess.Start(start);
        _runs.Add(run);
        return run;
    }

    /// <summary>Starts a run and waits until it says it is running.</summary>
    public async Task<WatchedProcess> StartReadyAsync(params (string Name, string Value)[] environment)
    {
        var run = Start(environment);
        await run.WaitForOutputAsync("Stop with Ctrl-C.", TimeSpan.FromSeconds(120));
        return run;
    }

    /// <summary>The pid of each process the last run started, the latest one of a restarted child (their records in the run directory).</summary>
    public IReadOnlyDictionary<string, int> Children()
    {
        var path = Path.Combine(RunDirectory, "children");
        var records = File.Exists(path) ? File.ReadAllLines(path).Select(line => line.Split(' ')).ToList() : [];
        _sessions.UnionWith(records.Select(fields => int.Parse(fields[0])));
        // A child started again (redis-server) has a later record under the same name.
        return records.GroupBy(fields => fields[2]).ToDictionary(g => g.Key, g => int.Parse(g.Last()[0]));
    }

    /// <summary>"pid command line" of every live process a run of this instance started, at any depth (the runs themselves excluded).</summary>
    public IReadOnlyList<string> ProcessesLeft()
    {
        Children();
        var runs = _runs.Where(run => !run.HasExited).Select(run => run.Id).ToHashSet();
        var left = new List<string>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || runs.Contains(pid))
            {
                continue;
            }

            try
            {
                var environment = File.ReadAllText(Path.Combine(directory, "environ")).Split('\0');
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // state, ppid, pgrp, session, ...
                var ours = environment.Contains($"{MarkerVariable}={_marker}") || _sessions.Contains(int.Parse(fields[3]));
                if (ours && fields[0] != "Z")
                {
                    left.Add($"{pid} {File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ').Trim()}");
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or not ours to read: not started by this run either way.
            }
        }

        return left;
    }

    public void Dispose()
    {
        foreach (var run in _runs)
        {
            run.Dispose();
        }

        // A failed test must not leave its processes to the next one.
        foreach (var process in ProcessesLeft())
        {
            CommandLine.Signal(int.Parse(process.Split(' ')[0]), "KILL");
        }

        Directory.Delete(RunDirectory, recursive: true);
    }
}
