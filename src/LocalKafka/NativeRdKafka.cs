using System.Runtime.InteropServices;
using KafkaRooms.KafkaNative;

namespace KafkaRooms.LocalKafka;

/// <summary>
/// P/Invoke into librdkafka's mock-cluster API, which Confluent.Kafka does not wrap, on the file
/// Confluent.Kafka loads (<see cref="RdKafka"/>).
/// </summary>
internal static partial class NativeRdKafka
{
    private const string Library = RdKafka.Library;
    private static readonly Lock ResolveLock = new();
    private static string? _loadedPath;

    /// <summary>Loads librdkafka (see <see cref="RdKafka.EnsureLoaded"/>) and resolves this assembly's calls to it.</summary>
    public static string EnsureLoaded()
    {
        lock (ResolveLock)
        {
            if (_loadedPath is null)
            {
                RdKafka.ResolveFor(typeof(NativeRdKafka).Assembly);
                _loadedPath = RdKafka.EnsureLoaded();
            }

            return _loadedPath;
        }
    }

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_cluster_new")]
    public static partial IntPtr MockClusterNew(IntPtr rk, int brokerCount);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_cluster_destroy")]
    public static partial void MockClusterDestroy(IntPtr cluster);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_cluster_bootstraps")]
    public static partial IntPtr MockClusterBootstraps(IntPtr cluster);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_topic_create", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MockTopicCreate(IntPtr cluster, string topic, int partitionCount, int replicationFactor);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_broker_set_down")]
    public static partial int MockBrokerSetDown(IntPtr cluster, int brokerId);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_broker_set_up")]
    public static partial int MockBrokerSetUp(IntPtr cluster, int brokerId);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_broker_set_rtt")]
    public static partial int MockBrokerSetRtt(IntPtr cluster, int brokerId, int rttMs);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_push_request_errors_array")]
    public static partial void MockPushRequestErrorsArray(IntPtr cluster, short apiKey, UIntPtr count, int[] errors);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_clear_request_errors")]
    public static partial void MockClearRequestErrors(IntPtr cluster, short apiKey);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_partition_set_leader", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MockPartitionSetLeader(IntPtr cluster, string topic, int partition, int brokerId);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_group_initial_rebalance_delay_ms")]
    public static partial void MockGroupInitialRebalanceDelayMs(IntPtr cluster, int delayMs);
}
