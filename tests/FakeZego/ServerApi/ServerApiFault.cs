namespace KafkaRooms.FakeZego.ServerApi;

/// <summary>What the fake server API answers instead of the user list, for tests of the caller's guards.</summary>
public enum ServerApiFault
{
    /// <summary>The user list, as ZEGO answers it.</summary>
    None,

    /// <summary>HTTP 500 with a text body.</summary>
    HttpError,

    /// <summary>HTTP 200 with ZEGO's rate-limit code (206).</summary>
    RateLimited,

    /// <summary>HTTP 429 Too Many Requests.</summary>
    TooManyRequests,

    /// <summary>HTTP 200 with a body cut in the middle of its JSON.</summary>
    Malformed,

    /// <summary>HTTP 200 with a JSON body of several megabytes.</summary>
    Huge,

    /// <summary>HTTP 200 with a non-zero Code (1, "server busy").</summary>
    ErrorCode,

    /// <summary>HTTP 200, Code 0, but no UserList in Data.</summary>
    MissingUserList,

    /// <summary>HTTP 200, Code 0, a user list whose UserId is a number instead of a string.</summary>
    WrongTypes,
}
