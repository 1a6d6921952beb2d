using System.Text.Json.Serialization;

namespace KafkaRooms.Worker.Reconciliation;

/// <summary>
/// ZEGO's common answer, <c>{"Code":0,"Message":"success","RequestId":"...","Data":{...}}</c>, with
/// DescribeUserList's data. Strict types: a field of the wrong JSON type makes the answer malformed.
/// </summary>
internal sealed class ServerApiAnswer
{
    [JsonPropertyName("Code")]
    public int? Code { get; set; }

    [JsonPropertyName("Message")]
    public string? Message { get; set; }

    [JsonPropertyName("RequestId")]
    public string? RequestId { get; set; }

    [JsonPropertyName("Data")]
    public UserListData? Data { get; set; }
}

internal sealed class UserListData
{
    /// <summary>Where the next page starts; empty on the last page.</summary>
    [JsonPropertyName("Marker")]
    public string? Marker { get; set; }

    [JsonPropertyName("UserList")]
    public List<UserListEntry?>? UserList { get; set; }
}

internal sealed class UserListEntry
{
    /// <summary>The user's id: user_account in callbacks.</summary>
    [JsonPropertyName("UserId")]
    public string? UserId { get; set; }

    [JsonPropertyName("UserName")]
    public string? UserName { get; set; }

    /// <summary>Meaningful only for ZEGO's older LiveRoom service.</summary>
    [JsonPropertyName("UserRole")]
    public uint? UserRole { get; set; }
}

[JsonSerializable(typeof(ServerApiAnswer))]
internal sealed partial class ServerApiJsonContext : JsonSerializerContext;
