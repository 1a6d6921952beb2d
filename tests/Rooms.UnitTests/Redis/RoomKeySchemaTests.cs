using KafkaRooms.Rooms.Redis;

namespace KafkaRooms.Rooms.UnitTests.Redis;

public sealed class RoomKeySchemaTests
{
    private readonly RoomKeySchema _keys = new("kr", 64);

    [Theory]
    // Expected values from Python: zlib.crc32("<appid>:<room_id>".encode()) % 64.
    [InlineData(1u, "room-1", 51)]
    [InlineData(uint.MaxValue, "{r}:1", 2)]
    [InlineData(1u, "房间 🎲", 0)]
    public void The_bucket_is_crc32_of_appid_colon_room_id_modulo_the_bucket_count(uint appId, string room, int bucket)
    {
        Assert.Equal(bucket, _keys.Bucket(appId, room));
    }

    [Theory]
    [InlineData(200)]
    [InlineData(5_000)]
    public void A_long_room_id_is_bucketed_by_all_of_its_bytes(int length)
    {
        // Longer than any valid room id: the reader buckets whatever it is asked about.
        var room = string.Concat(Enumerable.Repeat("é", length));
        var expected = System.IO.Hashing.Crc32.HashToUInt32(System.Text.Encoding.UTF8.GetBytes($"7:{room}")) % 64;

        Assert.Equal((int)expected, _keys.Bucket(7, room));
    }

    [Theory]
    [InlineData("{r}:1")]
    [InlineData("}{")]
    [InlineData("a b:c")]
    public void Every_key_of_a_room_carries_the_bucket_hash_tag_before_the_room_id(string room)
    {
        var tag = $"{{1:{_keys.Bucket(1, room)}}}";
        var bucket = _keys.Bucket(1, room);
        foreach (var key in new[]
        {
            _keys.Tombstone(1, room), _keys.Users(1, room), _keys.Pending(1, room, "7"),
            _keys.Rooms(1, bucket), _keys.Activity(1, bucket), _keys.PendingLifecycles(1, bucket), _keys.Changes(1, bucket),
        })
        {
            var text = key.ToString();
            Assert.StartsWith($"kr:{tag}:", text, StringComparison.Ordinal);
            // The first '{' and the first '}' after it delimit the cluster hash tag.
            var open = text.IndexOf('{', StringComparison.Ordinal);
            var close = text.IndexOf('}', open);
            Assert.Equal(tag, text[open..(close + 1)]);
        }
    }

    [Fact]
    public void Keys_of_different_rooms_never_collide()
    {
        Assert.NotEqual(_keys.Pending(1, "2:x", "1").ToString(), _keys.Pending(1, "x", "12").ToString());
        Assert.NotEqual(_keys.Users(1, "a"), _keys.Users(2, "a"));
        Assert.Equal("kr:{1:" + _keys.Bucket(1, "r") + "}:u:r", _keys.Users(1, "r").ToString());
    }
}
