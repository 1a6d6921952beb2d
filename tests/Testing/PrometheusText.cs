using System.Globalization;

namespace KafkaRooms.Testing;

/// <summary>Reads figures out of the Prometheus text exposition format that /metrics serves.</summary>
public static class PrometheusText
{
    /// <summary>
    /// The sum of the values of every sample whose metric name is one of <paramref name="names"/>
    /// (any labels); 0 when there is none yet.
    /// </summary>
    public static double Sum(string text, params string[] names) => Sum(text, names, label: null);

    /// <summary>Like <see cref="Sum(string, string[])"/>, only over samples carrying <paramref name="label"/> (<c>name="value"</c>).</summary>
    public static double Sum(string text, string name, string label) => Sum(text, [name], label);

    private static double Sum(string text, string[] names, string? label)
    {
        double total = 0;
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var nameEnd = line.IndexOfAny(['{', ' ']);
            if (nameEnd > 0 && names.Contains(line[..nameEnd]) && (label is null || line.AsSpan(nameEnd).IndexOf(label, StringComparison.Ordinal) >= 0))
            {
                var labelsEnd = line.LastIndexOf('}');
                var value = line[(labelsEnd >= 0 ? labelsEnd + 1 : nameEnd)..].Trim().Split(' ')[0];
                total += double.Parse(value, CultureInfo.InvariantCulture);
            }
        }

        return total;
    }
}
