namespace KafkaRooms.Ingest.Callbacks;

/// <summary>The two bodies ZEGO sends: JSON (current consoles) or a form (older setups).</summary>
internal enum CallbackBodyFormat
{
    Json,
    Form,
}
