namespace KafkaRooms.Ingest.Callbacks;

/// <summary>The body cannot be read as a ZEGO callback (400). <see cref="Field"/> is null when no single field is at fault.</summary>
internal sealed class MalformedCallbackException(string? field, string problem) : Exception(problem)
{
    public string? Field { get; } = field;

    public string Problem { get; } = problem;
}
