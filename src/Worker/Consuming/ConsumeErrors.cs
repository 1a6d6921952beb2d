using Confluent.Kafka;

namespace KafkaRooms.Worker.Consuming;

/// <summary>What the Worker does about a Kafka error (docs/worker.md "Consume errors").</summary>
internal enum ConsumeErrorAction
{
    /// <summary>Not a failure: a commit with nothing new stored.</summary>
    Ignore,

    /// <summary>
    /// Storing or committing an offset of a partition this consumer no longer owns (revoked
    /// while its batch was applied): dropped; the next owner reapplies from the last commit.
    /// </summary>
    PartitionNotOwned,

    /// <summary>
    /// Needs an operator (authorization, authentication, unknown topic): logged as an error;
    /// the consumer keeps polling, so the fix takes effect without a restart.
    /// </summary>
    Misconfigured,

    /// <summary>
    /// Brokers unreachable, leader moved, a request timed out: librdkafka retries by itself;
    /// logged, nothing unapplied is stored meanwhile.
    /// </summary>
    Transient,

    /// <summary>The consumer is unusable (e.g. a fenced static member): the host stops with exit code 1.</summary>
    Fatal,
}

/// <summary>
/// The explicit list of Kafka errors the consume loop meets, by class rather than text. Every
/// place that catches a Kafka error (the client's error callback, Consume, StoreOffset, Commit,
/// Close) asks <see cref="Classify"/> and does what the action says.
/// </summary>
internal static class ConsumeErrors
{
    public static ConsumeErrorAction Classify(Error error) => error switch
    {
        { IsFatal: true } => ConsumeErrorAction.Fatal,
        { Code: ErrorCode.Local_NoOffset } => ConsumeErrorAction.Ignore,
        { Code: ErrorCode.Local_State or ErrorCode.Local_UnknownPartition } => ConsumeErrorAction.PartitionNotOwned,
        {
            Code: ErrorCode.TopicAuthorizationFailed or ErrorCode.GroupAuthorizationFailed or ErrorCode.ClusterAuthorizationFailed
            or ErrorCode.SaslAuthenticationFailed or ErrorCode.Local_Authentication or ErrorCode.Local_UnknownTopic
            or ErrorCode.UnknownTopicOrPart or ErrorCode.InvalidGroupId or ErrorCode.Local_InvalidArg
        } => ConsumeErrorAction.Misconfigured,
        _ => ConsumeErrorAction.Transient,
    };
}
