using System.Globalization;
using System.Numerics;
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
/// <remarks>
/// Values are kept as places in the body, not copied; the names ZEGO documents
/// (<see cref="ZegoFieldNames.Documented"/>) are recognised from their bytes and keep a slot of
/// their own, so the usual callback allocates no name and no value until a field is read.
/// </remarks>
internal sealed class ZegoCallbackFields
{
    private const int MaxNameBytes = 64;

    private readonly byte[] _body;
    private readonly Value[] _documented = new Value[ZegoFieldNames.Documented.Count];
    private Dictionary<string, Value>? _others;

    public ZegoCallbackFields(byte[] body)
    {
        _body = body;
    }

    public int Count { get; private set; }

    /// <summary>A field whose value lies in the body at <paramref name="start"/>, <paramref name="length"/> bytes.</summary>
    public void Add(string name, ZegoValueKind kind, int start, int length) => Add(name, new Value(kind, start, length, null));

    /// <summary>A field whose value is not a slice of the body (a JSON string that held escapes).</summary>
    public void Add(string name, ZegoValueKind kind, byte[] bytes) => Add(name, new Value(kind, 0, bytes.Length, bytes));

    /// <summary>A field ZEGO documents, by its index in <see cref="ZegoFieldNames.Documented"/>.</summary>
    public void Add(int documented, ZegoValueKind kind, int start, int length) =>
        Add(documented, ZegoFieldNames.Documented[documented], new Value(kind, start, length, null));

    public bool Contains(string name) => Find(name) is not null;

    /// <summary>A string field, URL-decoded strictly; null when absent. Anything but a string is refused.</summary>
    public string? Text(string name) =>
        Read(name, allowNumber: false) is { } value ? FormDecoding.Decode(Bytes(value), name) : null;

    /// <summary>
    /// A field ZEGO sends either as a JSON number or as a string (appid, timestamp, session ids,
    /// times, codes): a number's token text, or the string URL-decoded strictly; null when absent.
    /// </summary>
    public string? Scalar(string name) =>
        Read(name, allowNumber: true) is not { } value ? null
        : value.Kind == ZegoValueKind.Number ? Encoding.ASCII.GetString(Bytes(value))
        : FormDecoding.Decode(Bytes(value), name);

    /// <summary>
    /// The value of a number-or-string field when it is plain decimal digits that fit
    /// <typeparamref name="T"/>, read without building its text. False for anything else (absent,
    /// empty, escaped, signed, out of range, of another JSON type): the caller then reads
    /// <see cref="Scalar"/>, which names the problem, exactly as before.
    /// </summary>
    public bool TryReadDigits<T>(string name, out T value)
        where T : INumberBase<T>
    {
        value = T.Zero;
        if (Find(name) is not { Kind: ZegoValueKind.Text or ZegoValueKind.Number } found
            || Bytes(found) is not { IsEmpty: false } digits
            || !T.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            return false;
        }

        value = parsed;
        return true;
    }

    /// <summary>
    /// An informational field (docs/rules.md §4: it never refuses a callback), string or number:
    /// a malformed %-escape stays as it is and bytes that are not UTF-8 become U+FFFD, and
    /// <paramref name="repaired"/> says so. Only a value of the wrong JSON type is refused.
    /// </summary>
    public string? Informational(string name, out bool repaired)
    {
        repaired = false;
        return Read(name, allowNumber: true) is not { } value ? null
            : value.Kind == ZegoValueKind.Number ? Encoding.ASCII.GetString(Bytes(value))
            : FormDecoding.DecodeLeniently(Bytes(value), out repaired);
    }

    private void Add(string name, Value value)
    {
        if (ZegoFieldNames.DocumentedIndex(name) is { } documented)
        {
            Add(documented, name, value);
            return;
        }

        // Two values for one name would let whoever reads the body pick a different one.
        if (!(_others ??= new Dictionary<string, Value>(StringComparer.Ordinal)).TryAdd(name, value))
        {
            throw Duplicate(name);
        }

        Count++;
    }

    private void Add(int documented, string name, Value value)
    {
        if (_documented[documented].Present)
        {
            throw Duplicate(name);
        }

        _documented[documented] = value;
        Count++;
    }

    // The name is the client's: cleaned like an informational field before it reaches an answer or a log.
    private static MalformedCallbackException Duplicate(string name) =>
        new(InformationalFields.Clean(name, MaxNameBytes), "appears more than once");

    private Value? Find(string name) =>
        ZegoFieldNames.DocumentedIndex(name) is { } documented ? (_documented[documented] is { Present: true } value ? value : null)
        : _others is not null && _others.TryGetValue(name, out var other) ? other
        : null;

    private ReadOnlySpan<byte> Bytes(Value value) => value.Copy ?? _body.AsSpan(value.Start, value.Length);

    private Value? Read(string name, bool allowNumber)
    {
        if (Find(name) is not { } value)
        {
            return null;
        }

        return value.Kind == ZegoValueKind.Text || (allowNumber && value.Kind == ZegoValueKind.Number)
            ? value
            : throw new MalformedCallbackException(name,
                $"must be {(allowNumber ? "a string or a number" : "a string")}, not {value.Kind.Describe()}");
    }

    /// <summary>Where one value lies: in the body, or in <see cref="Copy"/>.</summary>
    private readonly record struct Value(ZegoValueKind Kind, int Start, int Length, byte[]? Copy)
    {
        public bool Present { get; } = true;
    }
}
