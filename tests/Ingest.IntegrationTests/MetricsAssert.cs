using System.Globalization;

namespace KafkaRooms.Ingest.IntegrationTests;

internal static class MetricsAssert
{
    /// <summary>The value of the one sample of <paramref name="metric"/> carrying all these labels in a /metrics scrape.</summary>
    public static double Sample(string scrape, string metric, params string[] labels)
    {
        var lines = scrape.Split('\n');
        var samples = lines.Where(l => l.StartsWith(metric + "{", StringComparison.Ordinal) && labels.All(label => l.Contains(label, StringComparison.Ordinal))).ToList();
        Assert.True(samples.Count == 1, $"{metric} with {string.Join(',', labels)}: {samples.Count} samples in\n{string.Join('\n', lines.Where(l => l.StartsWith("kafkarooms", StringComparison.Ordinal)))}");
        return double.Parse(samples[0].Split(' ')[^1], CultureInfo.InvariantCulture);
    }
}
