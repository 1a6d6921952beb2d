namespace KafkaRooms.Rooms.Reading;

/// <summary>A cursor the change feed cannot resume from: not one it wrote, or one of another app or bucket count.</summary>
public sealed class InvalidChangeCursorException : ArgumentException
{
    public InvalidChangeCursorException()
        : this("is not a cursor of the change feed")
    {
    }

    /// <param name="problem">What is wrong, as a phrase after "the cursor": "is not ...", "belongs to ...".</param>
    public InvalidChangeCursorException(string problem)
        : base($"The cursor {problem}.", "cursor")
    {
        Problem = problem;
    }

    public InvalidChangeCursorException(string message, Exception innerException)
        : base(message, "cursor", innerException)
    {
        Problem = message;
    }

    /// <summary>What is wrong with the cursor, e.g. "belongs to app 1, not 2".</summary>
    public string Problem { get; }
}
