namespace KafkaRooms.Ingest.Callbacks;

/// <summary>Carries a <see cref="CallbackRefusal"/> out of the reading steps to the one place that answers it.</summary>
internal sealed class CallbackRefusedException(CallbackRefusal refusal) : Exception(refusal.Problem)
{
    public CallbackRefusal Refusal { get; } = refusal;
}
