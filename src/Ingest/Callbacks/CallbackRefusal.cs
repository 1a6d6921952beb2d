namespace KafkaRooms.Ingest.Callbacks;

/// <summary>A 4xx answer: its status, the metric reason, the field at fault (ZEGO's wire name, a header or "body") and what is wrong.</summary>
internal sealed record CallbackRefusal(int StatusCode, string Reason, string Field, string Problem);
