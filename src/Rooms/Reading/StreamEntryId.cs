using System.Globalization;

namespace KafkaRooms.Rooms.Reading;

/// <summary>
/// A Redis Stream entry id, <c>&lt;ms&gt;-&lt;seq&gt;</c>: the position of one change in its bucket's feed
/// (docs/redis-schema.md, "Change feed"). Ids of one stream only grow; <see cref="Zero"/> comes
/// before every entry.
/// </summary>
internal readonly record struct StreamEntryId(ulong Ms, ulong Seq) : IComparable<StreamEntryId>
{
    public static readonly StreamEntryId Zero = default;

    public bool IsZero => Ms == 0 && Seq == 0;

    public int CompareTo(StreamEntryId other) => Ms != other.Ms ? Ms.CompareTo(other.Ms) : Seq.CompareTo(other.Seq);

    public static bool operator <(StreamEntryId a, StreamEntryId b) => a.CompareTo(b) < 0;

    public static bool operator >(StreamEntryId a, StreamEntryId b) => a.CompareTo(b) > 0;

    public static bool operator <=(StreamEntryId a, StreamEntryId b) => a.CompareTo(b) <= 0;

    public static bool operator >=(StreamEntryId a, StreamEntryId b) => a.CompareTo(b) >= 0;

    public static StreamEntryId Max(StreamEntryId a, StreamEntryId b) => a >= b ? a : b;

    /// <summary>The id Redis wrote; anything else is a protocol fault.</summary>
    public static StreamEntryId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not a stream entry id.");

    public static bool TryParse(ReadOnlySpan<char> text, out StreamEntryId id)
    {
        id = Zero;
        var dash = text.IndexOf('-');
        if (dash <= 0
            || !ulong.TryParse(text[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            || !ulong.TryParse(text[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
        {
            return false;
        }

        id = new StreamEntryId(ms, seq);
        return true;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Ms}-{Seq}");
}
