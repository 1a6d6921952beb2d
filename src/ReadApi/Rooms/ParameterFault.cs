namespace KafkaRooms.ReadApi.Rooms;

/// <summary>What is wrong with a request: the parameter at fault (its wire name) and why.</summary>
internal sealed record ParameterFault(string Field, string Problem);
