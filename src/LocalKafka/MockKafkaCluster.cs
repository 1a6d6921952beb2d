using System.Runtime.InteropServices;
using System.Text;
using Confluent.Kafka;
using KafkaRooms.KafkaNative;

namespace KafkaRooms.LocalKafka;

/// <summary>
/// librdkafka's mock cluster: real Kafka protocol on loopback sockets, several brokers,
/// consumer groups, and fault injection. Lives as long as this object.
/// </summary>
public sealed class MockKafkaCluster : IDisposable
{
    private readonly Lock _lock = new();
    private IntPtr _handle;
    private IntPtr _cluster;

    private MockKafkaCluster(IntPtr handle, IntPtr cluster, int brokerCount)
    {
        _handle = handle;
        _cluster = cluster;
        BrokerCount = brokerCount;
        BootstrapServers = Marshal.PtrToStringUTF8(NativeRdKafka.MockClusterBootstraps(cluster))
            ?? throw new InvalidOperationException("The mock cluster reported no bootstrap servers.");
    }

    /// <summary>Comma-separated host:port list of every broker.</summary>
    public string BootstrapServers { get; }

    public int BrokerCount { get; }

    /// <summary>Broker ids run from 1 to <see cref="BrokerCount"/>.</summary>
    public IEnumerable<int> BrokerIds => Enumerable.Range(1, BrokerCount);

    /// <summary>The path of the librdkafka file this process uses (also for Confluent.Kafka clients).</summary>
    public static string LoadNativeLibrary() => NativeRdKafka.EnsureLoaded();

    public static MockKafkaCluster Start(int brokerCount = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokerCount, 1);
        NativeRdKafka.EnsureLoaded();

        var errors = new byte[512];
        var conf = RdKafka.ConfNew();
        // The mock cluster logs through the handle that owns it; only errors are worth seeing.
        RdKafka.ConfSet(conf, "log_level", "3", errors, (UIntPtr)errors.Length);
        var handle = RdKafka.New(RdKafka.ProducerType, conf, errors, (UIntPtr)errors.Length);
        if (handle == IntPtr.Zero)
        {
            throw new InvalidOperationException($"rd_kafka_new failed: {Encoding.UTF8.GetString(errors).TrimEnd('\0')}");
        }

        var cluster = NativeRdKafka.MockClusterNew(handle, brokerCount);
        if (cluster == IntPtr.Zero)
        {
            RdKafka.Destroy(handle);
            throw new InvalidOperationException("rd_kafka_mock_cluster_new failed.");
        }

        var mock = new MockKafkaCluster(handle, cluster, brokerCount);
        // The mock's default group join delay is 3 s per rebalance; tests and local runs want it short.
        mock.SetGroupInitialRebalanceDelay(TestRebalanceDelay);
        return mock;
    }

    public void CreateTopic(string topic, int partitions, int? replicationFactor = null)
    {
        var replicas = replicationFactor ?? Math.Min(3, BrokerCount);
        Check(NativeRdKafka.MockTopicCreate(Cluster, topic, partitions, replicas), $"create topic {topic}");

        // The mock picks each partition's leader at random, so a dozen partitions on three brokers
        // now and then all land on two of them. Kafka spreads leaders round robin; so does this,
        // which keeps every broker in play in each run (and figures comparable between runs).
        if (replicas == BrokerCount)
        {
            for (var partition = 0; partition < partitions; partition++)
            {
                SetPartitionLeader(topic, partition, 1 + (partition % BrokerCount));
            }
        }
    }

    /// <summary>Takes a broker off the network: its connections drop and new ones are refused.</summary>
    public void SetBrokerDown(int brokerId) =>
        Check(NativeRdKafka.MockBrokerSetDown(Cluster, brokerId), $"set broker {brokerId} down");

    public void SetBrokerUp(int brokerId) =>
        Check(NativeRdKafka.MockBrokerSetUp(Cluster, brokerId), $"set broker {brokerId} up");

    public void SetAllBrokersDown()
    {
        foreach (var id in BrokerIds)
        {
            SetBrokerDown(id);
        }
    }

    public void SetAllBrokersUp()
    {
        foreach (var id in BrokerIds)
        {
            SetBrokerUp(id);
        }
    }

    /// <summary>Adds a round-trip delay to every request a broker answers.</summary>
    public void SetBrokerRoundTrip(int brokerId, TimeSpan roundTrip) =>
        Check(NativeRdKafka.MockBrokerSetRtt(Cluster, brokerId, (int)roundTrip.TotalMilliseconds), $"set broker {brokerId} rtt");

    /// <summary>The next requests of this API (any broker) fail with these errors, one each, in order.</summary>
    public void PushRequestErrors(KafkaApiKey apiKey, params ErrorCode[] errors) =>
        NativeRdKafka.MockPushRequestErrorsArray(Cluster, (short)apiKey, (UIntPtr)errors.Length, Array.ConvertAll(errors, e => (int)e));

    public void ClearRequestErrors(KafkaApiKey apiKey) =>
        NativeRdKafka.MockClearRequestErrors(Cluster, (short)apiKey);

    /// <summary>Moves a partition's leadership to another broker.</summary>
    public void SetPartitionLeader(string topic, int partition, int brokerId) =>
        Check(NativeRdKafka.MockPartitionSetLeader(Cluster, topic, partition, brokerId), $"move leader of {topic}[{partition}]");

    /// <summary>The group join delay every new mock cluster gets: short, for tests and local runs.</summary>
    public static readonly TimeSpan TestRebalanceDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>How long a new group's first rebalance waits for more members (group.initial.rebalance.delay.ms of a broker).</summary>
    public void SetGroupInitialRebalanceDelay(TimeSpan delay) =>
        NativeRdKafka.MockGroupInitialRebalanceDelayMs(Cluster, (int)delay.TotalMilliseconds);

    public void Dispose()
    {
        lock (_lock)
        {
            if (_cluster != IntPtr.Zero)
            {
                NativeRdKafka.MockClusterDestroy(_cluster);
                _cluster = IntPtr.Zero;
            }

            if (_handle != IntPtr.Zero)
            {
                RdKafka.Destroy(_handle);
                _handle = IntPtr.Zero;
            }
        }
    }

    private IntPtr Cluster
    {
        get
        {
            ObjectDisposedException.ThrowIf(_cluster == IntPtr.Zero, this);
            return _cluster;
        }
    }

    private static void Check(int error, string what)
    {
        if (error != 0)
        {
            var text = Marshal.PtrToStringUTF8(RdKafka.ErrorToString(error));
            throw new KafkaException(new Error((ErrorCode)error, $"Mock cluster could not {what}: {text}"));
        }
    }
}

/// <summary>The Kafka protocol API keys that fault injection targets most often.</summary>
public enum KafkaApiKey : short
{
    Produce = 0,
    Fetch = 1,
    ListOffsets = 2,
    Metadata = 3,
    OffsetCommit = 8,
    OffsetFetch = 9,
    FindCoordinator = 10,
    JoinGroup = 11,
    Heartbeat = 12,
    LeaveGroup = 13,
    SyncGroup = 14,
    InitProducerId = 22,
}
