using System.Text.Json.Serialization;
using KafkaRooms.Admin.Replay;

namespace KafkaRooms.Admin.Audit;

/// <summary>The JSON report of an audit (docs/operations.md, "Audit").</summary>
internal sealed record AuditReport(
    string Topic,
    string KafkaCluster,
    DateTimeOffset? Since,
    DateTimeOffset Started,
    DateTimeOffset Finished,
    IReadOnlyList<PartitionRange> Partitions,
    AuditEvents Events,
    long RoomsCompared,
    long UsersCompared,
    long RoomsBeforeSince,
    int Rechecks,
    IReadOnlyDictionary<string, int> DifferencesByKind,
    IReadOnlyList<StateDifference> Differences);

/// <summary>What the replay did with the messages it read.</summary>
internal sealed record AuditEvents(long Read, long Applied, long Duplicate, long Stale, long Expired, long Invalid, long BeforeSince);

[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DictionaryKeyPolicy = JsonKnownNamingPolicy.Unspecified)]
[JsonSerializable(typeof(AuditReport))]
internal sealed partial class AuditJsonContext : JsonSerializerContext;
