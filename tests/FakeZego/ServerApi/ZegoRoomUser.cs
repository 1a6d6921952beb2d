namespace KafkaRooms.FakeZego.ServerApi;

/// <summary>A user in a room as DescribeUserList lists them (UserId = the callbacks' user_account).</summary>
public sealed record ZegoRoomUser(string UserId, string UserName, uint UserRole = 0);
