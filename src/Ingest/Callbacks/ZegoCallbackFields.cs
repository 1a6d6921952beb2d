using System.Text;
using KafkaRooms.Rooms.Contract;

namespace KafkaRooms.Ingest.Callbacks;

/// <summary>
/// The top-level fields of one callback as they came off the wire: the kind of each value and
/// its bytes (a string's JSON-unescaped UTF-8 or a form value's raw bytes, both still
/// URL-encoded; a number's exact token text, so a uint64 room_session_id never passes through a
/// double). A value is URL-decoded exactly once, when a field is read, so a field nobody reads
/// (room_name, stream fields...) can never refuse a callback.
/// </summary>
internal sealed class ZegoCallbackFields
{
    private const int MaxNameBytes = 64;

    private readonly Dictionary<string, (ZegoValueKind Kind, byte[] Bytes)> _values = new(StringComparer.Ordinal);

    public int Count => _values.Count;

    public void Add(string name, ZegoValueKind kind, byte[] bytes)
    {
        // Two values for one name would let whoever reads the body pick a different one. The name
        // is the client's: cleaned like an informational field before it reaches an answer or a log.
        if (!_values.TryAdd(name, (kind, bytes)))
        {
            throw new MalformedCallbackException(InformationalFields.Clean(name, MaxNameBytes), "appears more than once");
        }
    }

    public bool Contains(string name) => _values.ContainsKey(name);

    /// <summary>A string field, URL-decoded strictly; null when absent. Anything but a string is refused.</summary>
    public string? Text(string name) =>
        Read(name, allowNumber: false) is { } bytes ? FormDecoding.Decode(bytes, name) : null;

    /// <summary>
    /// A field ZEGO sends either as a JSON number or as a string (appid, timestamp, session ids,
    /// times, codes): a number's token text, or the string URL-decoded strictly; null when absent.
    /// </summary>
    public string? Scalar(string name)
    {
        var kind = KindOf(name);
        return Read(name, allowNumber: true) is not { } bytes ? null
            : kind == ZegoValueKind.Number ? Encoding.ASCII.GetString(bytes)
            : FormDecoding.Decode(bytes, name);
    }

    /// <summary>
    /// An informational field (docs/rules.md §4: it never refuses a callback), string or number:
    /// a malformed %-escape stays as it is and bytes that are not UTF-8 become U+FFFD, and
    /// <paramref name="repaired"/> says so. Only a value of the wrong JSON type is refused.
    /// </summary>
    public string? Informational(string name, out bool repaired)
    {
        repaired = false;
        var kind = KindOf(name);
        return Read(name, allowNumber: true) is not { } bytes ? null
            : kind == ZegoValueKind.Number ? Encoding.ASCII.GetString(bytes)
            : FormDecoding.DecodeLeniently(bytes, out repaired);
    }

    private ZegoValueKind? KindOf(string name) => _values.TryGetValue(name, out var value) ? value.Kind : null;

    private byte[]? Read(string name, bool allowNumber)
    {
        if (!_values.TryGetValue(name, out var value))
        {
            return null;
        }

        return value.Kind == ZegoValueKind.Text || (allowNumber && value.Kind == ZegoValueKind.Number)
            ? value.Bytes
            : throw new MalformedCallbackException(name,
                $"must be {(allowNumber ? "a string or a number" : "a string")}, not {value.Kind.Describe()}");
    }
}
