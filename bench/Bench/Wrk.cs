using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace KafkaRooms.Bench;

/// <summary>
/// wrk driving POST /zego/callback with pre-signed bodies (one per line of a file), and what it
/// measured: requests, latency percentiles, non-2xx answers and wrk's own CPU time.
/// </summary>
internal static partial class Wrk
{
    private const string Script = """
        -- Cycles through pre-signed ZEGO callback bodies, one per line of $BODIES.
        local bodies = {}
        for line in io.lines(os.getenv("BODIES")) do bodies[#bodies + 1] = line end
        local i = 0
        local headers = { ["Content-Type"] = "application/json" }
        request = function()
          i = i % #bodies + 1
          return wrk.format("POST", "/zego/callback", headers, bodies[i])
        end
        """;

    public static async Task WriteScriptAsync(string path) => await File.WriteAllTextAsync(path, Script);

    /// <summary>Runs wrk against <paramref name="url"/>; the shell's <c>times</c> gives wrk's own CPU.</summary>
    public static async Task<WrkResult> RunAsync(Uri url, string script, string bodies, int connections, TimeSpan duration)
    {
        var start = new ProcessStartInfo("sh") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])["-c", "wrk \"$@\"; times", "wrk", "-t", "2", "-c", connections.ToString(CultureInfo.InvariantCulture),
                     "-d", $"{(int)duration.TotalSeconds}s", "--latency", "-s", script, url.ToString()])
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["BODIES"] = bodies;
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return Parse(output);
    }

    internal static WrkResult Parse(string output)
    {
        var lines = output.Split('\n').Select(l => l.Trim()).ToArray();

        double Latency(string label)
        {
            var value = lines.First(l => l.StartsWith(label, StringComparison.Ordinal))[label.Length..].Trim();
            return value.EndsWith("us", StringComparison.Ordinal) ? double.Parse(value[..^2], CultureInfo.InvariantCulture) / 1000
                : value.EndsWith("ms", StringComparison.Ordinal) ? double.Parse(value[..^2], CultureInfo.InvariantCulture)
                : double.Parse(value[..^1], CultureInfo.InvariantCulture) * 1000;
        }

        // "171234 requests in 15.10s, 20.50MB read"
        var total = RequestsLine().Match(output);
        var non2xx = lines.FirstOrDefault(l => l.StartsWith("Non-2xx", StringComparison.Ordinal));
        // times: the shell's own user and system time, then its children's (wrk's).
        var times = TimesLine().Matches(output);
        var cpu = times.Count == 0 ? 0 : Minutes(times[^1].Groups[1]) + Minutes(times[^1].Groups[2]);
        return new WrkResult(
            long.Parse(total.Groups[1].Value, CultureInfo.InvariantCulture),
            Duration(total.Groups[2].Value),
            Latency("50%"),
            Latency("99%"),
            non2xx is null ? 0 : long.Parse(non2xx.Split(':')[1].Trim(), CultureInfo.InvariantCulture),
            cpu);
    }

    private static double Duration(string value)
    {
        var unit = value.TrimStart("0123456789.".ToCharArray());
        var number = double.Parse(value[..^unit.Length], CultureInfo.InvariantCulture);
        return unit switch
        {
            "us" => number / 1_000_000,
            "ms" => number / 1000,
            "m" => number * 60,
            "h" => number * 3600,
            _ => number,
        };
    }

    private static double Minutes(Group time)
    {
        var parts = time.Value.TrimEnd('s').Split('m');
        return double.Parse(parts[0], CultureInfo.InvariantCulture) * 60 + double.Parse(parts[1], CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"(\d+) requests in ([\d.]+(?:ms|us|s|m|h))")]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"^(\d+m[\d.]+s) (\d+m[\d.]+s)$", RegexOptions.Multiline)]
    private static partial Regex TimesLine();
}

/// <summary>One wrk run: requests answered, over how long, latency percentiles, non-2xx answers, wrk's CPU seconds.</summary>
internal sealed record WrkResult(long Requests, double Seconds, double P50Ms, double P99Ms, long Non2xx, double WrkCpuSeconds)
{
    public double RequestsPerSecond => Requests / Seconds;

    /// <summary>2xx answers: every one an accepted callback (published and confirmed).</summary>
    public long Accepted => Requests - Non2xx;
}
