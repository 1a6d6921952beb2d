using System.Text;
using KafkaRooms.Rooms.Contract;

namespace KafkaRooms.Rooms.UnitTests.Contract;

public sealed class InformationalFieldsTests
{
    private static RoomEvent Login(string? nickname = "nick", string? role = "2") => new()
    {
        Kind = RoomEventKind.UserLoggedIn,
        AppId = 7,
        RoomId = "room-1",
        RoomSession = 5,
        TimeMs = 1_700_000_000_000,
        UserAccount = "u1",
        UserSession = "s1",
        Nickname = nickname,
        Role = role,
    };

    [Theory]
    [InlineData("a\tb", "a\uFFFDb")]
    [InlineData("line\nbreak\r", "line\uFFFDbreak\uFFFD")]
    [InlineData("nul\0", "nul\uFFFD")]
    [InlineData("del\u007F c1\u0085", "del\uFFFD c1\uFFFD")]
    public void Control_characters_become_the_replacement_character(string value, string expected) =>
        Assert.Equal(expected, InformationalFields.Clean(value, InformationalFields.MaxTextBytes));

    [Fact]
    public void Lone_surrogates_become_the_replacement_character()
    {
        // Built in code: attribute arguments cannot carry invalid UTF-16.
        var high = "lone " + (char)0xD800 + " surrogate";
        var reversed = "reversed " + (char)0xDC00 + (char)0xD800;
        Assert.Equal("lone \uFFFD surrogate", InformationalFields.Clean(high, InformationalFields.MaxTextBytes));
        Assert.Equal("reversed \uFFFD\uFFFD", InformationalFields.Clean(reversed, InformationalFields.MaxTextBytes));
        Assert.Equal("pair \U0001F3AE kept", InformationalFields.Clean("pair \U0001F3AE kept", InformationalFields.MaxTextBytes));
    }

    [Theory]
    [InlineData("plain nickname")]
    [InlineData("你好 🎮 é")]
    [InlineData("")]
    public void A_clean_value_is_returned_as_the_same_instance(string value) =>
        Assert.Same(value, InformationalFields.Clean(value, InformationalFields.MaxTextBytes));

    [Fact]
    public void A_long_value_is_cut_at_its_limit_in_utf8_bytes()
    {
        var cut = InformationalFields.Clean(new string('r', 300), InformationalFields.MaxTextBytes)!;
        Assert.Equal(new string('r', 256), cut);
    }

    [Theory]
    [InlineData("你", 3)] // 86 CJK characters of 3 bytes: 258 bytes; 85 fit (255 bytes)
    [InlineData("🎮", 4)] // a surrogate pair in UTF-16, 4 bytes in UTF-8: 64 fit, never half of one
    [InlineData("é", 2)]
    public void A_cut_never_splits_a_character(string character, int utf8Bytes)
    {
        var value = string.Concat(Enumerable.Repeat(character, (InformationalFields.MaxTextBytes / utf8Bytes) + 1));
        var cut = InformationalFields.Clean(value, InformationalFields.MaxTextBytes)!;

        Assert.Equal(string.Concat(Enumerable.Repeat(character, InformationalFields.MaxTextBytes / utf8Bytes)), cut);
        Assert.InRange(Encoding.UTF8.GetByteCount(cut), InformationalFields.MaxTextBytes - utf8Bytes + 1, InformationalFields.MaxTextBytes);
    }

    [Fact]
    public void A_replacement_counts_three_bytes_toward_the_limit()
    {
        // 255 ASCII bytes and a control character: U+FFFD (3 bytes) no longer fits.
        var cut = InformationalFields.Clean(new string('a', 255) + "\u0001", InformationalFields.MaxTextBytes)!;
        Assert.Equal(new string('a', 255), cut);
    }

    [Fact]
    public void An_event_with_clean_fields_is_returned_unchanged()
    {
        var login = Login();
        Assert.Same(login, InformationalFields.Clean(login, out var cleaned));
        Assert.Equal(CleanedFields.None, cleaned);
    }

    [Fact]
    public void Only_the_informational_fields_are_cleaned_and_each_is_reported()
    {
        var logout = Login(nickname: "bad\nnick", role: "ok") with
        {
            Kind = RoomEventKind.UserLoggedOut,
            Reason = new string('x', 300),
            Creator = "c\u0007",
        };

        var clean = InformationalFields.Clean(logout, out var cleaned);

        Assert.Equal(CleanedFields.Nickname | CleanedFields.Reason | CleanedFields.Creator, cleaned);
        Assert.Equal(["creator", "nickname", "reason"], cleaned.FieldNames());
        Assert.Equal(logout with { Nickname = "bad\uFFFDnick", Reason = new string('x', 256), Creator = "c\uFFFD" }, clean);
    }

    [Fact]
    public void The_creator_is_cut_at_a_user_ids_limit()
    {
        var created = Login() with { Kind = RoomEventKind.RoomCreated, Creator = new string('c', 65) };
        Assert.Equal(new string('c', RoomEventValidator.MaxUserAccountBytes), InformationalFields.Clean(created).Creator);
    }

    [Fact]
    public void Absent_fields_stay_absent()
    {
        var login = Login(nickname: null, role: null);
        var clean = InformationalFields.Clean(login);
        Assert.Null(clean.Nickname);
        Assert.Null(clean.Role);
        Assert.Null(clean.Reason);
    }
}
