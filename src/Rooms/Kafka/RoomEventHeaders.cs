namespace KafkaRooms.Rooms.Kafka;

/// <summary>Kafka headers on every callback message; the value is the JSON event contract.</summary>
public static class RoomEventHeaders
{
    /// <summary>The event kind's wire name (room_created, ...), so tools can filter without parsing.</summary>
    public const string Kind = "kind";

    /// <summary>When Ingest received the callback, Unix milliseconds as decimal text.</summary>
    public const string ReceivedMs = "received_ms";

    /// <summary>The contract version as decimal text.</summary>
    public const string ContractVersion = "v";

    /// <summary>
    /// W3C trace context of the operation that produced the message (Ingest: the callback's
    /// HTTP request), so the Worker's apply continues its trace (docs/architecture.md, tracing).
    /// </summary>
    public const string TraceParent = "traceparent";

    /// <summary>The W3C tracestate that goes with <see cref="TraceParent"/>, when there is one.</summary>
    public const string TraceState = "tracestate";

    /// <summary>
    /// Who made an event that is not a ZEGO callback: <see cref="ReconcileSource"/> on the
    /// reconciler's corrective events (docs/rules.md §8). Absent on callbacks; never read by the rules.
    /// </summary>
    public const string Source = "source";

    public const string ReconcileSource = "reconcile";
}

/// <summary>Headers the Worker adds when it dead-letters a message (besides the original ones).</summary>
public static class DeadLetterHeaders
{
    public const string Reason = "dlt_reason";
    public const string SourceTopic = "dlt_source_topic";
    public const string SourcePartition = "dlt_source_partition";
    public const string SourceOffset = "dlt_source_offset";
}
