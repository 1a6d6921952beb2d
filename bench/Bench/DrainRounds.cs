namespace KafkaRooms.Bench;

/// <summary>
/// The drains of (3) against one Redis target in rounds: each round drains the pre-filled topic
/// once with each Worker count in turn, so a change in the machine's load hits every count of a
/// round alike. Figures are the median of the rounds with their range; x2 / x1 and x3 / x1 are
/// taken within a round, then their median (docs/benchmarks.md, "Scale-out").
/// </summary>
internal sealed class DrainRounds(IReadOnlyList<int> workerCounts)
{
    private readonly List<(int Round, int Workers, WorkerBench.Run Run)> _drains = [];

    public static async Task<DrainRounds> RunAsync(
        int rounds, IReadOnlyList<int> workerCounts, Func<int, Task<WorkerBench.Run>> drain, Action<int, int, WorkerBench.Run> onDrained)
    {
        var result = new DrainRounds(workerCounts);
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var workers in workerCounts)
            {
                var run = await drain(workers);
                result._drains.Add((round, workers, run));
                onDrained(round, workers, run);
            }
        }

        return result;
    }

    public IReadOnlyList<int> WorkerCounts => workerCounts;

    public double[] Values(int workers, Func<WorkerBench.Run, double> value) =>
        _drains.Where(d => d.Workers == workers).OrderBy(d => d.Round).Select(d => value(d.Run)).ToArray();

    /// <summary>Each round's rate with <paramref name="workers"/> over its rate with one; empty when the rounds have no single-Worker drain.</summary>
    public double[] ScalingToOne(int workers) =>
        _drains.Where(d => d.Workers == workers)
            .Join(_drains.Where(d => d.Workers == 1), d => d.Round, one => one.Round, (d, one) => d.Run.PerSecond / one.Run.PerSecond)
            .ToArray();

    public double? MedianRateOfOne => workerCounts.Contains(1) ? BenchReport.Median(Values(1, r => r.PerSecond)) : null;
}
