namespace KafkaRooms.Rooms.Redis;

/// <summary>The answers of one batch's calls, which may come from several primaries' readers.</summary>
internal sealed class BatchAnswers(int calls)
{
    private readonly string[] _answers = new string[calls];
    private readonly TaskCompletionSource<string[]?> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _missing = calls;
    private volatile bool _refused;

    public Task<string[]?> Task => _done.Task;

    public void Answered(int call, string answer)
    {
        _answers[call] = answer;
        Count();
    }

    public void Refused()
    {
        _refused = true;
        Count();
    }

    /// <summary>Some answers will never come (the connection broke).</summary>
    public void Fail() => _done.TrySetResult(null);

    private void Count()
    {
        if (Interlocked.Decrement(ref _missing) == 0)
        {
            _done.TrySetResult(_refused ? null : _answers);
        }
    }
}
