namespace KafkaRooms.Ingest.Callbacks;

/// <summary>
/// The top-level fields of one callback, each value decoded exactly once. JSON numbers keep
/// their exact token text, so a uint64 room_session_id never passes through a double.
/// </summary>
internal sealed class ZegoCallbackFields
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public string? this[string name] => _values.GetValueOrDefault(name);

    public int Count => _values.Count;

    public void Add(string name, string value)
    {
        // Two values for one name would let whoever reads the body pick a different one.
        if (!_values.TryAdd(name, value))
        {
            throw new MalformedCallbackException(name, "appears more than once");
        }
    }
}
