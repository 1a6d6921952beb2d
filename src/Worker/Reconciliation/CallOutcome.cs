namespace KafkaRooms.Worker.Reconciliation;

/// <summary>How one DescribeUserList request ended; every outcome but <see cref="Ok"/> makes no correction.</summary>
internal enum CallOutcome
{
    Ok,

    /// <summary>ZEGO's rate-limit codes (7, 206) or HTTP 429.</summary>
    RateLimited,

    /// <summary>Another HTTP status than 2xx.</summary>
    HttpError,

    /// <summary>No answer: connection refused or reset, DNS, TLS.</summary>
    TransportError,

    /// <summary>No complete answer within Zego:ServerApi:Timeout.</summary>
    Timeout,

    /// <summary>Not ZEGO's answer format: bad JSON, wrong types, missing Code, Data, UserList, Marker or UserId, a Marker that does not advance.</summary>
    Malformed,

    /// <summary>An answer over Zego:ServerApi:MaxResponseBytes, or a room over Zego:ServerApi:MaxPagesPerRoom pages.</summary>
    TooLarge,

    /// <summary>Any other non-zero Code (signature, parameters, server busy).</summary>
    ApiError,
}

internal static class CallOutcomeNames
{
    /// <summary>The <c>outcome</c> label of kafkarooms.reconcile.calls and the <c>reason</c> of kafkarooms.reconcile.errors.</summary>
    public static string ToWireName(this CallOutcome outcome) => outcome switch
    {
        CallOutcome.Ok => "ok",
        CallOutcome.RateLimited => "rate_limited",
        CallOutcome.HttpError => "http_error",
        CallOutcome.TransportError => "transport_error",
        CallOutcome.Timeout => "timeout",
        CallOutcome.Malformed => "malformed",
        CallOutcome.TooLarge => "too_large",
        _ => "api_error",
    };
}
