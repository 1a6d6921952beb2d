namespace KafkaRooms.Rooms.Redis;

/// <summary>
/// An event the store refuses to apply because it fails <see cref="Contract.RoomEventValidator"/>
/// (for example a time too far in the future). Retrying cannot help: dead-letter it.
/// </summary>
public sealed class RoomEventRejectedException : ArgumentException
{
    public RoomEventRejectedException(string message)
        : base(message)
    {
    }

    public RoomEventRejectedException()
    {
    }

    public RoomEventRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
