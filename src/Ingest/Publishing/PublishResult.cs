namespace KafkaRooms.Ingest.Publishing;

/// <summary>
/// Whether Kafka confirmed the write. Only <see cref="Confirmed"/> may be answered 2xx.
/// </summary>
internal readonly record struct PublishResult(bool Confirmed, int Partition, long Offset, string? Failure)
{
    public static PublishResult Written(int partition, long offset) => new(true, partition, offset, null);

    public static PublishResult NotConfirmed(string failure) => new(false, -1, -1, failure);
}
