namespace KafkaRooms.Ingest.IntegrationTests.Hostile;

/// <summary>
/// The hostile-input corpus of the callback endpoint: every case must be refused with a 4xx
/// (never a 5xx, never a stack trace) and nothing may reach Kafka.
/// </summary>
internal static partial class HostileCorpus
{
    public static IReadOnlyDictionary<string, HostileCase> All { get; } =
        Framing().Concat(Encodings()).Concat(JsonTypes()).Concat(Structure()).Concat(Forms())
            .Concat(Signatures()).Concat(Limits()).Concat(MethodsAndPaths()).Concat(Values())
            .ToDictionary(c => c.Name);
}
