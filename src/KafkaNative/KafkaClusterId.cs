using System.Runtime.InteropServices;
using System.Text;

namespace KafkaRooms.KafkaNative;

/// <summary>
/// The id of the Kafka cluster the brokers belong to, from their metadata (Confluent.Kafka does
/// not expose it). The checkpoints in Redis carry it, so offsets of another cluster (a local
/// Kafka that started over, a migration) count as absent instead of as "already applied"
/// (docs/rules.md §7).
/// </summary>
public static class KafkaClusterId
{
    /// <summary>
    /// Connects with <paramref name="settings"/> (bootstrap.servers and the security settings) and
    /// returns the cluster id; null when no broker answered within <paramref name="timeout"/>.
    /// Blocks the calling thread.
    /// </summary>
    public static string? Query(IEnumerable<KeyValuePair<string, string>> settings, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(settings);
        RdKafka.EnsureLoaded();
        var errors = new byte[512];
        var conf = RdKafka.ConfNew();
        // A short-lived handle: its connection errors are the caller's to report, not librdkafka's log.
        foreach (var (name, value) in settings.Append(new("log_level", "0")))
        {
            if (RdKafka.ConfSet(conf, name, value, errors, (UIntPtr)errors.Length) != 0)
            {
                RdKafka.ConfDestroy(conf);
                throw new ArgumentException($"Kafka setting {name}: {Text(errors)}", nameof(settings));
            }
        }

        var handle = RdKafka.New(RdKafka.ProducerType, conf, errors, (UIntPtr)errors.Length);
        if (handle == IntPtr.Zero)
        {
            RdKafka.ConfDestroy(conf);
            throw new InvalidOperationException($"rd_kafka_new failed: {Text(errors)}");
        }

        try
        {
            var id = RdKafka.ClusterId(handle, (int)Math.Clamp(timeout.TotalMilliseconds, 1, int.MaxValue));
            if (id == IntPtr.Zero)
            {
                return null;
            }

            var text = Marshal.PtrToStringUTF8(id);
            RdKafka.MemFree(handle, id);
            return text;
        }
        finally
        {
            RdKafka.Destroy(handle);
        }
    }

    private static string Text(byte[] errors) => Encoding.UTF8.GetString(errors).TrimEnd('\0');
}
