namespace KafkaRooms.Rooms.Contract;

/// <summary>Why an event is invalid: the contract field at fault (<see cref="RoomEventFields"/>) and what is wrong with it.</summary>
public sealed record RoomEventViolation(string Field, string Problem)
{
    public override string ToString() => $"{Field}: {Problem}";
}
