using System.Text;

namespace KafkaRooms.Ingest.IntegrationTests;

/// <summary>The test's own murmur2 must match Kafka's (vectors from Kafka's UtilsTest), or its partition checks prove nothing.</summary>
public sealed class Murmur2Tests
{
    [Theory]
    [InlineData("21", -973932308)]
    [InlineData("foobar", -790332482)]
    [InlineData("a-little-bit-long-string", -985981536)]
    [InlineData("a-little-bit-longer-string", -1486304829)]
    [InlineData("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971)]
    [InlineData("abc", 479470107)]
    public void Matches_kafkas_java_murmur2(string key, int expected) =>
        Assert.Equal(expected, Murmur2.Hash(Encoding.UTF8.GetBytes(key)));
}
