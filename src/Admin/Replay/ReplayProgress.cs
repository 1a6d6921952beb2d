using System.Diagnostics;

namespace KafkaRooms.Admin.Replay;

/// <summary>Progress of a long replay on stderr: percent, events/s and time left, every few seconds.</summary>
internal sealed class ReplayProgress(TextWriter output, string what, long total, TimeSpan? every = null)
{
    private readonly TimeSpan _every = every ?? TimeSpan.FromSeconds(2);
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _lastShown = Stopwatch.GetTimestamp();

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);

    /// <summary>Shows <paramref name="done"/> of the total when the last line is old enough.</summary>
    public void Report(long done)
    {
        if (Stopwatch.GetElapsedTime(_lastShown) < _every)
        {
            return;
        }

        _lastShown = Stopwatch.GetTimestamp();
        output.WriteLine(Line(done));
    }

    public string Line(long done)
    {
        var seconds = Math.Max(Elapsed.TotalSeconds, 0.001);
        var rate = done / seconds;
        var percent = total == 0 ? 100 : 100.0 * done / total;
        var left = rate > 0 ? TimeSpan.FromSeconds((total - done) / rate) : (TimeSpan?)null;
        return $"{what}: {percent:0.0}% ({done}/{total} messages), {rate:0} events/s, ETA {(left is { } l ? $"{l.TotalSeconds:0} s" : "?")}";
    }
}
