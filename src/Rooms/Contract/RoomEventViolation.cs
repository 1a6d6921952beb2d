namespace KafkaRooms.Rooms.Contract;

/// <summary>Why an event is invalid: the ZEGO wire field at fault and what is wrong with it.</summary>
public sealed record RoomEventViolation(string Field, string Problem)
{
    public override string ToString() => $"{Field}: {Problem}";
}
