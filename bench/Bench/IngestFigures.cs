using System.Globalization;

namespace KafkaRooms.Bench;

/// <summary>One wrk run against one server: what wrk saw and the CPU the server (and the driver, which hosts the mock Kafka brokers) spent meanwhile.</summary>
internal sealed record IngestRun(string Server, int Round, WrkResult Wrk, ThreadCpu Cpu, double DriverCpuSeconds, TimeSpan Wall)
{
    /// <summary>µs of process CPU per accepted callback (2xx).</summary>
    public double CpuPerRequestUs => PerRequestUs(Cpu.Total);

    public double LibrdkafkaPerRequestUs => PerRequestUs(Cpu.Librdkafka);

    public double ManagedPerRequestUs => PerRequestUs(Cpu.Managed);

    /// <summary>The server's threads' wakeups (voluntary context switches) per accepted callback: the unit (0) prices.</summary>
    public double WakeupsPerRequest => PerRequest(Cpu.Wakeups);

    public double LibrdkafkaWakeupsPerRequest => PerRequest(Cpu.LibrdkafkaWakeups);

    public double ThreadPoolSwitchedOutPerRequest => PerRequest(Cpu.ThreadPoolSwitchedOut);

    public double ThreadPoolPerRequestUs => PerRequestUs(Cpu.ThreadPool);

    public double SocketsPerRequestUs => PerRequestUs(Cpu.Sockets);

    private double PerRequestUs(double seconds) => PerRequest(seconds * 1e6);

    private double PerRequest(double count) => Wrk.Accepted == 0 ? double.NaN : count / Wrk.Accepted;
}

/// <summary>The rounds of the Ingest benchmark, and the rows and notes they give.</summary>
internal sealed class IngestFigures(IReadOnlyList<IngestRun> runs)
{
    public IReadOnlyList<IngestRun> Runs => runs;

    public void Report(BenchReport report, BenchOptions options)
    {
        var hello = Of(IngestBench.Hello);
        var ingest = Of(IngestBench.Ingest);
        var quiet = Of(IngestBench.IngestWithoutTelemetry);
        // Ratios are taken within a round (servers measured back to back), then summarised.
        var rate = Ratios(ingest, hello, r => r.Wrk.RequestsPerSecond);
        var cpu = Ratios(ingest, hello, r => r.CpuPerRequestUs);
        var connections = options.IngestConcurrency;

        report.Row($"(4) Ingest, signed callbacks, acks=all (wrk, {connections} connections)",
            $"{Summary(ingest, r => r.Wrk.RequestsPerSecond, BenchReport.Rate)}, p50 {Summary(ingest, r => r.Wrk.P50Ms, BenchReport.Ms)}, p99 {Summary(ingest, r => r.Wrk.P99Ms, BenchReport.Ms)}",
            $"hello world {Summary(hello, r => r.Wrk.RequestsPerSecond, BenchReport.Rate)}, p50 {Summary(hello, r => r.Wrk.P50Ms, BenchReport.Ms)}, p99 {Summary(hello, r => r.Wrk.P99Ms, BenchReport.Ms)}",
            BenchReport.Summary(rate, BenchReport.Ratio), $">= 0.50: {BenchReport.Met(BenchReport.Median(rate) >= 0.5)}");
        report.Row("(4) Ingest CPU per accepted callback (process CPU / 2xx answers)",
            $"{Summary(ingest, r => r.CpuPerRequestUs, Us)}: .NET {Summary(ingest, r => r.ManagedPerRequestUs, Us)} + librdkafka threads {Summary(ingest, r => r.LibrdkafkaPerRequestUs, Us)}",
            $"hello world {Summary(hello, r => r.CpuPerRequestUs, Us)}",
            BenchReport.Summary(cpu, v => BenchReport.Ratio(v) + "x"), $"<= 2.50x: {BenchReport.Met(BenchReport.Median(cpu) <= 2.5)}");
        report.Row("(4) Ingest with OpenTelemetry off (OTEL_SDK_DISABLED=true), CPU per accepted callback",
            $"{Summary(quiet, r => r.CpuPerRequestUs, Us)}, {Summary(quiet, r => r.Wrk.RequestsPerSecond, BenchReport.Rate)}, p99 {Summary(quiet, r => r.Wrk.P99Ms, BenchReport.Ms)}",
            $"ingest {Summary(ingest, r => r.CpuPerRequestUs, Us)}",
            BenchReport.Summary(Ratios(quiet, ingest, r => r.CpuPerRequestUs), BenchReport.Ratio), "");

        // Other builds or librdkafka settings, each beside Ingest as it is.
        foreach (var server in runs.Select(r => r.Server).Distinct()
                     .Where(s => s == IngestBench.IngestBaseline || s.StartsWith(IngestBench.IngestVariantPrefix, StringComparison.Ordinal)))
        {
            var other = Of(server);
            var label = server == IngestBench.IngestBaseline ? $"ingest, baseline build ({options.IngestBaseline})" : server;
            report.Row($"(4) {label}, CPU per accepted callback",
                $"{Summary(other, r => r.CpuPerRequestUs, Us)} (librdkafka threads {Summary(other, r => r.LibrdkafkaPerRequestUs, Us)}), {Summary(other, r => r.Wrk.RequestsPerSecond, BenchReport.Rate)}, p50 {Summary(other, r => r.Wrk.P50Ms, BenchReport.Ms)}, p99 {Summary(other, r => r.Wrk.P99Ms, BenchReport.Ms)}",
                $"ingest {Summary(ingest, r => r.CpuPerRequestUs, Us)} (librdkafka threads {Summary(ingest, r => r.LibrdkafkaPerRequestUs, Us)})",
                // A baseline build is "before" (ratio after / before); a setting is tried against Ingest as it is.
                BenchReport.Summary(server == IngestBench.IngestBaseline ? Ratios(ingest, other, r => r.CpuPerRequestUs) : Ratios(other, ingest, r => r.CpuPerRequestUs), BenchReport.Ratio), "");
        }

        report.Note($"ingest: {runs.Max(r => r.Round)} rounds of {options.IngestDuration.TotalSeconds:F0} s per server after a {options.IngestWarmUp.TotalSeconds:F0} s warm-up each; " +
            "figures are the median of the rounds, the range in brackets; ratios are taken within a round");
        foreach (var run in runs)
        {
            var wall = run.Wall.TotalSeconds;
            report.Note(
                $"ingest round {run.Round}, {run.Server}: {BenchReport.Rate(run.Wrk.RequestsPerSecond)}, p50 {BenchReport.Ms(run.Wrk.P50Ms)}, p99 {BenchReport.Ms(run.Wrk.P99Ms)}, " +
                $"{Us(run.CpuPerRequestUs)} per request (thread pool {Us(run.ThreadPoolPerRequestUs)}, socket thread {Us(run.SocketsPerRequestUs)}, librdkafka {Us(run.LibrdkafkaPerRequestUs)}), " +
                $"{run.WakeupsPerRequest:F2} wakeups per request (librdkafka's {run.LibrdkafkaWakeupsPerRequest:F2}), pool threads switched out {run.ThreadPoolSwitchedOutPerRequest:F2} times per request; CPU, % of one core: {run.Server} {Share(run.Cpu.Total, wall)} " +
                $"(librdkafka {Share(run.Cpu.Librdkafka, wall)}, JIT {Share(run.Cpu.Jit, wall)}, GC {Share(run.Cpu.Gc, wall)}), " +
                $"wrk {Share(run.Wrk.WrkCpuSeconds, wall)}, mock Kafka + driver {Share(run.DriverCpuSeconds, wall)}" +
                (run.Wrk.Non2xx > 0 ? $"; {run.Wrk.Non2xx} non-2xx answers" : ""));
        }
    }

    private IngestRun[] Of(string server) => runs.Where(r => r.Server == server).OrderBy(r => r.Round).ToArray();

    private static double[] Ratios(IngestRun[] of, IngestRun[] to, Func<IngestRun, double> value) =>
        of.Zip(to, (a, b) => value(a) / value(b)).ToArray();

    private static string Summary(IngestRun[] runs, Func<IngestRun, double> value, Func<double, string> format) =>
        BenchReport.Summary(runs.Select(value).ToArray(), format);

    private static string Us(double value) => value.ToString("0", CultureInfo.InvariantCulture) + " µs";

    private static string Share(double seconds, double wall) => (seconds / wall * 100).ToString("0", CultureInfo.InvariantCulture) + " %";
}
