namespace KafkaRooms.Admin;

/// <summary>
/// A command cannot go on (bad input, Redis or Kafka unreachable, no such topic): the message says
/// what is wrong in one line, the process exits with <see cref="ExitCode"/>, and nothing was written
/// to the live state.
/// </summary>
internal sealed class AdminFailure(string message) : Exception(message)
{
    public const int ExitCode = 2;
}
