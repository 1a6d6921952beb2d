using System.Text.Json.Serialization;

namespace KafkaRooms.Ingest.Callbacks;

/// <summary>The success body ZEGO expects: <c>{"code":0}</c>.</summary>
public sealed record CallbackAck([property: JsonPropertyName("code")] int Code)
{
    public static readonly CallbackAck Success = new(0);
}
