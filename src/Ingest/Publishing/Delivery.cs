using Confluent.Kafka;

namespace KafkaRooms.Ingest.Publishing;

/// <summary>What the producer reported for one message: written (partition, offset), failed (the error), or nothing in time.</summary>
internal readonly record struct Delivery(bool Reported, Error? Error, int Partition, long Offset)
{
    public static Delivery NotReported => new(false, null, -1, -1);

    public static Delivery Written(int partition, long offset) => new(true, null, partition, offset);

    public static Delivery Failed(Error error) => new(true, error, -1, -1);
}
