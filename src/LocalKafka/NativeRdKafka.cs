using System.Reflection;
using System.Runtime.InteropServices;

namespace KafkaRooms.LocalKafka;

/// <summary>
/// P/Invoke into the librdkafka that ships inside Confluent.Kafka's package. The mock-cluster
/// API is not wrapped by Confluent.Kafka, so it is called directly; the resolver makes these
/// calls and Confluent.Kafka load the very same file.
/// </summary>
internal static partial class NativeRdKafka
{
    private const string Library = "rdkafka";
    private static readonly Lock LoadLock = new();
    private static string? _loadedPath;

    /// <summary>
    /// Loads the first bundled build whose dependencies this system has: on Debian 12 the
    /// default librdkafka.so needs libsasl2.so.3, which is missing, so the centos8 build wins.
    /// </summary>
    public static string EnsureLoaded()
    {
        lock (LoadLock)
        {
            if (_loadedPath is not null)
            {
                return _loadedPath;
            }

            // Confluent.Kafka's own loader tries the same files in the same order (its
            // Library.Load(path) is no help here: it dlopens "libdl", which Debian 12 lacks).
            var path = FindLoadablePath();
            _ = Confluent.Kafka.Library.Version;

            NativeLibrary.SetDllImportResolver(typeof(NativeRdKafka).Assembly, Resolve);
            _loadedPath = path;
            return path;
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) =>
        name == Library && _loadedPath is not null ? NativeLibrary.Load(_loadedPath) : IntPtr.Zero;

    private static string FindLoadablePath()
    {
        var rid = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";
        var directory = Path.Combine(AppContext.BaseDirectory, "runtimes", rid, "native");
        string[] candidates = ["librdkafka.so", "centos8-librdkafka.so"];
        var failures = new List<string>();
        foreach (var candidate in candidates)
        {
            var path = Path.Combine(directory, candidate);
            if (NativeLibrary.TryLoad(path, out var handle))
            {
                NativeLibrary.Free(handle);
                return path;
            }

            failures.Add(path);
        }

        throw new DllNotFoundException(
            $"No loadable librdkafka among: {string.Join(", ", failures)}. " +
            "Restore the Confluent.Kafka package (dotnet restore) on a linux-x64 or linux-arm64 machine.");
    }

    public const int ProducerType = 0;

    [LibraryImport(Library, EntryPoint = "rd_kafka_conf_new")]
    public static partial IntPtr ConfNew();

    [LibraryImport(Library, EntryPoint = "rd_kafka_conf_set", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int ConfSet(IntPtr conf, string name, string value, byte[] errstr, UIntPtr errstrSize);

    [LibraryImport(Library, EntryPoint = "rd_kafka_new")]
    public static partial IntPtr New(int type, IntPtr conf, byte[] errstr, UIntPtr errstrSize);

    [LibraryImport(Library, EntryPoint = "rd_kafka_destroy")]
    public static partial void Destroy(IntPtr rk);

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

    [LibraryImport(Library, EntryPoint = "rd_kafka_err2str")]
    public static partial IntPtr ErrorToString(int error);
}
