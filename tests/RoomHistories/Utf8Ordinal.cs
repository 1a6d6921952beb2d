using System.Text;

namespace KafkaRooms.RoomHistories;

/// <summary>Byte-wise comparison of UTF-8 encodings, the order Lua and Redis use.</summary>
public static class Utf8Ordinal
{
    public static int Compare(string a, string b) =>
        Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b));
}
