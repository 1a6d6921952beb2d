using System.Diagnostics.Metrics;
using System.Globalization;
using KafkaRooms.Ingest.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace KafkaRooms.Ingest.IntegrationTests;

internal static class MetricsAssert
{
    /// <summary>The value of the one sample of <paramref name="metric"/> carrying all these labels in a /metrics scrape.</summary>
    /// <remarks>
    /// OpenTelemetry collects a meter by its name, so a scrape adds up every Ingest alive in this
    /// process: good for "is it exported", not for exact counts (use <see cref="Collect"/>).
    /// </remarks>
    public static double Sample(string scrape, string metric, params string[] labels)
    {
        var lines = scrape.Split('\n');
        var samples = lines.Where(l => l.StartsWith(metric + "{", StringComparison.Ordinal) && labels.All(label => l.Contains(label, StringComparison.Ordinal))).ToList();
        Assert.True(samples.Count == 1, $"{metric} with {string.Join(',', labels)}: {samples.Count} samples in\n{string.Join('\n', lines.Where(l => l.StartsWith("kafkarooms", StringComparison.Ordinal)))}");
        return double.Parse(samples[0].Split(' ')[^1], CultureInfo.InvariantCulture);
    }

    /// <summary>Records what one server's counter counts from now on, and nothing of any other server.</summary>
    public static MetricCollector<long> Collect(IngestServer server, string instrument) =>
        new(server.Services.GetRequiredService<IMeterFactory>(), IngestMetrics.MeterName, instrument);

    /// <summary>The sum of the recorded measurements whose <paramref name="tag"/> has this value.</summary>
    public static long Counted(MetricCollector<long> collector, string tag, string value) =>
        collector.GetMeasurementSnapshot().Where(m => Equals(m.Tags.GetValueOrDefault(tag), value)).Sum(m => m.Value);
}
