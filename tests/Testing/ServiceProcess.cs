using System.Diagnostics;
using System.Globalization;

namespace KafkaRooms.Testing;

/// <summary>
/// A project's built program run as its own process (Ingest, Worker, the benchmark's hello-world
/// server): what the benchmarks measure and what crash tests kill.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _log;

    private ServiceProcess(Process process, string name, Uri url, List<string> log)
    {
        _process = process;
        Name = name;
        Url = url;
        _log = log;
    }

    public string Name { get; }

    public Uri Url { get; }

    public int Id => _process.Id;

    public static async Task<ServiceProcess> StartAsync(string dll, string name, IReadOnlyDictionary<string, string> environment, string? verb = null)
    {
        var port = FreePorts.Next();
        var url = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        if (verb is not null)
        {
            start.ArgumentList.Add(verb);
        }

        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(url.ToString().TrimEnd('/'));
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        // Per-request logs would measure the console, not the service.
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["DOTNET_ENVIRONMENT"] = start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {dll}");
        var log = new List<string>();
        process.OutputDataReceived += (_, e) => { lock (log) { if (e.Data is not null && log.Count < 200) log.Add(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (log) { if (e.Data is not null && log.Count < 200) log.Add(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var service = new ServiceProcess(process, name, url, log);
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{name} exited with {process.ExitCode}: {string.Join('\n', log)}");
            }

            try
            {
                if ((await http.GetAsync("healthz")).IsSuccessStatusCode)
                {
                    return service;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                await service.DisposeAsync();
                throw new TimeoutException($"{name} did not answer /healthz: {string.Join('\n', log)}");
            }

            await Task.Delay(200);
        }
    }

    public int ExitCode => _process.ExitCode;

    /// <summary>The first lines the process wrote (stdout and stderr), for a test's output.</summary>
    public string Output()
    {
        lock (_log)
        {
            return string.Join('\n', _log);
        }
    }

    /// <summary>A crash: SIGKILL, nothing of the process's shutdown runs.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, as an orchestrator stops a service; returns how long the process took to exit (or null if it did not within <paramref name="timeout"/>).</summary>
    public async Task<TimeSpan?> TerminateAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
            return clock.Elapsed;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>
    /// The sum of every series of the named metrics in the process's Prometheus text (/metrics),
    /// e.g. a counter over all its label values.
    /// </summary>
    public async Task<double> MetricAsync(HttpClient http, params string[] names)
    {
        var text = await http.GetStringAsync(new Uri(Url, "metrics"));
        return PrometheusText.Sum(text, names);
    }

    /// <summary>Resident memory (VmRSS) in bytes.</summary>
    public long ResidentBytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }
}
