using KafkaRooms.Rooms.Reading;
using KafkaRooms.Rooms.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace KafkaRooms.Worker.Reconciliation;

/// <summary>What every app's <see cref="AppReconciler"/> shares: settings, clock, Redis, ZEGO's API, Kafka and telemetry.</summary>
internal sealed class AppReconcilerServices(
    IOptions<ReconciliationOptions> options,
    IOptions<ServerApiOptions> serverApi,
    IOptions<RoomStateOptions> state,
    TimeProvider timeProvider,
    IConnectionMultiplexer redis,
    RoomReader reader,
    SuspicionCensus census,
    ZegoServerApiClient client,
    CorrectionPublisher publisher,
    ReconciliationMetrics metrics,
    ILogger<AppReconciler> logger)
{
    public ReconciliationOptions Options => options.Value;

    public ServerApiOptions ServerApi => serverApi.Value;

    /// <summary>The state's key prefix: leases live beside the state they guard.</summary>
    public string KeyPrefix => state.Value.KeyPrefix;

    /// <summary>Corrective events are checked as the Worker checks every event (docs/rules.md §4).</summary>
    public TimeSpan MaxClockSkew => state.Value.MaxClockSkew;

    public TimeProvider TimeProvider => timeProvider;

    public IConnectionMultiplexer Redis => redis;

    public RoomReader Reader => reader;

    public SuspicionCensus Census => census;

    public ZegoServerApiClient Client => client;

    public CorrectionPublisher Publisher => publisher;

    public ReconciliationMetrics Metrics => metrics;

    public ILogger Logger => logger;
}
