using System.Globalization;
using System.Text;

namespace KafkaRooms.Rooms.Reading;

/// <summary>
/// A position in an app's change feed: for each bucket, the id of the last change read from its
/// stream (docs/change-feed.md, "Cursors"). Clients treat the text as opaque; it holds no
/// character that needs escaping in a URL or an SSE <c>id:</c> line.
/// </summary>
/// <remarks>
/// Text: <c>k1.&lt;appid&gt;.&lt;n&gt;.&lt;base&gt;</c> and then n tokens, each after a '.': empty for
/// <c>0-0</c>, else <c>&lt;ms - base&gt;</c> or <c>&lt;ms - base&gt;-&lt;seq&gt;</c>, numbers in lowercase base 36,
/// base = the smallest ms of the positions that are not <c>0-0</c>. The buckets' ids are close in
/// time, so a cursor of 64 buckets is a few hundred characters.
/// </remarks>
internal sealed class ChangeCursor
{
    private const string Version = "k1";
    private const char Separator = '.';
    private const string Digits = "0123456789abcdefghijklmnopqrstuvwxyz";

    // 16384 buckets (RoomStateOptions.BucketCount's bound) of two 64-bit numbers each, with room to spare.
    private const int MaxLength = 16384 * 30;

    public ChangeCursor(uint appId, StreamEntryId[] positions)
    {
        ArgumentNullException.ThrowIfNull(positions);
        ArgumentOutOfRangeException.ThrowIfZero(positions.Length);
        AppId = appId;
        Positions = positions;
    }

    public uint AppId { get; }

    /// <summary>One position per bucket, bucket 0 first; changes after them are still to be read.</summary>
    public StreamEntryId[] Positions { get; }

    public override string ToString() => Format(AppId, Positions);

    public static string Format(uint appId, ReadOnlySpan<StreamEntryId> positions)
    {
        var origin = ulong.MaxValue;
        foreach (var position in positions)
        {
            if (!position.IsZero && position.Ms < origin)
            {
                origin = position.Ms;
            }
        }

        origin = origin == ulong.MaxValue ? 0 : origin;
        var text = new StringBuilder(16 + (positions.Length * 5));
        text.Append(Version).Append(Separator).Append(appId.ToString(CultureInfo.InvariantCulture))
            .Append(Separator).Append(positions.Length.ToString(CultureInfo.InvariantCulture))
            .Append(Separator);
        AppendBase36(text, origin);
        foreach (var position in positions)
        {
            text.Append(Separator);
            if (position.IsZero)
            {
                continue;
            }

            AppendBase36(text, position.Ms - origin);
            if (position.Seq != 0)
            {
                text.Append('-');
                AppendBase36(text, position.Seq);
            }
        }

        return text.ToString();
    }

    /// <summary>The cursor the text encodes; false for anything <see cref="Format"/> does not write.</summary>
    public static bool TryParse(string? text, out ChangeCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength)
        {
            return false;
        }

        var parts = text.Split(Separator);
        if (parts.Length < 5
            || parts[0] != Version
            || !uint.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var appId)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            || count != parts.Length - 4
            || !TryParseBase36(parts[3], out var origin))
        {
            return false;
        }

        var positions = new StreamEntryId[count];
        for (var i = 0; i < count; i++)
        {
            if (!TryParseToken(parts[i + 4], origin, out positions[i]))
            {
                return false;
            }
        }

        cursor = new ChangeCursor(appId, positions);
        return true;
    }

    private static bool TryParseToken(string token, ulong origin, out StreamEntryId position)
    {
        position = StreamEntryId.Zero;
        if (token.Length == 0)
        {
            return true;
        }

        var dash = token.IndexOf('-', StringComparison.Ordinal);
        var seq = 0UL;
        if (!TryParseBase36(dash < 0 ? token : token[..dash], out var delta)
            || (dash >= 0 && (!TryParseBase36(token[(dash + 1)..], out seq) || seq == 0))
            || delta > ulong.MaxValue - origin)
        {
            return false;
        }

        position = new StreamEntryId(origin + delta, seq);
        // "0-0" has its own (empty) token: a second spelling would make cursors ambiguous.
        return !position.IsZero;
    }

    private static void AppendBase36(StringBuilder text, ulong value)
    {
        Span<char> digits = stackalloc char[13];
        var at = digits.Length;
        do
        {
            digits[--at] = Digits[(int)(value % 36)];
            value /= 36;
        }
        while (value != 0);
        text.Append(digits[at..]);
    }

    private static bool TryParseBase36(string text, out ulong value)
    {
        value = 0;
        if (text.Length is 0 or > 13 || (text.Length > 1 && text[0] == '0'))
        {
            return false;
        }

        foreach (var c in text)
        {
            var digit = Digits.IndexOf(c, StringComparison.Ordinal);
            if (digit < 0 || value > (ulong.MaxValue - (ulong)digit) / 36)
            {
                return false;
            }

            value = (value * 36) + (ulong)digit;
        }

        return true;
    }
}
