using CsCheck;
using KafkaRooms.Rooms.Reading;

namespace KafkaRooms.Rooms.UnitTests.Reading;

/// <summary>The change feed's opaque cursor: every position survives the text, and only text it writes is read back.</summary>
public sealed class ChangeCursorTests
{
    private static readonly Gen<StreamEntryId> Position = Gen.Frequency(
        (1, Gen.Const(StreamEntryId.Zero)),
        (4, Gen.Select(Gen.ULong[1_700_000_000_000, 1_800_000_000_000], Gen.Frequency((3, Gen.Const(0UL)), (1, Gen.ULong)), (ms, seq) => new StreamEntryId(ms, seq))),
        (1, Gen.Select(Gen.ULong, Gen.ULong, (ms, seq) => new StreamEntryId(ms, seq))));

    [Fact]
    public void Every_set_of_positions_reads_back_from_its_text_which_needs_no_escaping()
    {
        Gen.Select(Gen.UInt, Position.Array[1, 70]).Sample((app, positions) =>
        {
            var text = ChangeCursor.Format(app, positions);
            Assert.True(ChangeCursor.TryParse(text, out var parsed), text);
            Assert.Equal(app, parsed!.AppId);
            Assert.Equal(positions, parsed.Positions);
            Assert.Equal(text, parsed.ToString());
            Assert.Equal(Uri.EscapeDataString(text), text);
        });
    }

    [Fact]
    public void Sixty_four_buckets_written_within_a_day_take_a_few_hundred_characters()
    {
        var positions = Enumerable.Range(0, 64).Select(i => new StreamEntryId(1_767_000_000_000UL + (ulong)(i * 1_350_000), (ulong)(i % 3))).ToArray();
        Assert.InRange(ChangeCursor.Format(1, positions).Length, 64, 64 * 8);
    }

    [Theory]
    [InlineData("")]
    [InlineData("k1")]
    [InlineData("k2.1.1.0.")]
    [InlineData("k1.1.2.0.")]
    [InlineData("k1.1.1.0.1.")]
    [InlineData("k1.x.1.0.")]
    [InlineData("k1.1.1.0.A")]
    [InlineData("k1.1.1.0.01")]
    [InlineData("k1.1.1.0.0-0")]
    [InlineData("k1.1.1.0.-1")]
    [InlineData("k1.1.1.0.0-")]
    [InlineData("k1.1.1.3w5e11264sgsg.1")]
    [InlineData("k1.1.1.zzzzzzzzzzzzz.")]
    public void Text_it_does_not_write_is_refused(string text) =>
        Assert.False(ChangeCursor.TryParse(text, out _));

    [Fact]
    public void Zero_has_one_spelling_the_empty_token()
    {
        Assert.Equal("k1.7.2.0..", ChangeCursor.Format(7, new StreamEntryId[2]));
        Assert.False(ChangeCursor.TryParse("k1.7.2.0.0.", out _));
    }
}
