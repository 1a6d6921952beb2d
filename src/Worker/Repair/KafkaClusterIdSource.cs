using KafkaRooms.KafkaNative;
using KafkaRooms.Rooms.Kafka;
using KafkaRooms.Worker.Telemetry;

namespace KafkaRooms.Worker.Repair;

/// <summary>
/// The id of the Kafka cluster the Worker consumes from, asked of the brokers in the background
/// until they answer: checkpoints carry it, and those of another cluster count as absent
/// (docs/rules.md §7). Assigned partitions wait for it.
/// </summary>
internal sealed class KafkaClusterIdSource(KafkaOptions kafka, ILogger logger)
{
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(10);
    private volatile string? _id;

    public string? Id => _id;

    public void Start(CancellationToken stopping) => _ = Task.Run(() =>
    {
        var settings = new Dictionary<string, string>(kafka.Client) { ["bootstrap.servers"] = kafka.BootstrapServers };
        while (!stopping.IsCancellationRequested && _id is null)
        {
            try
            {
                _id = KafkaClusterId.Query(settings, QueryTimeout);
            }
            // Settings librdkafka refuses, or no loadable librdkafka: asking again cannot help. Logged,
            // not thrown: an exception here would end this task unseen.
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or DllNotFoundException)
            {
                WorkerLog.ClusterIdUnknown(logger, kafka.BootstrapServers, ex.Message);
                return;
            }

            if (_id is null)
            {
                WorkerLog.ClusterIdUnknown(logger, kafka.BootstrapServers, $"no broker answered within {QueryTimeout}");
            }
        }
    }, CancellationToken.None);
}
