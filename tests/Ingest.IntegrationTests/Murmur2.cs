namespace KafkaRooms.Ingest.IntegrationTests;

/// <summary>
/// Kafka's Java default partitioner for keyed messages, written out independently of
/// librdkafka: partition = (murmur2(key) &amp; 0x7fffffff) % partitions.
/// </summary>
internal static class Murmur2
{
    public static int Hash(ReadOnlySpan<byte> data)
    {
        unchecked
        {
            const uint m = 0x5bd1e995;
            const int r = 24;
            var length = data.Length;
            var h = 0x9747b28cu ^ (uint)length;
            var length4 = length / 4;
            for (var i = 0; i < length4; i++)
            {
                var i4 = i * 4;
                var k = data[i4] | ((uint)data[i4 + 1] << 8) | ((uint)data[i4 + 2] << 16) | ((uint)data[i4 + 3] << 24);
                k *= m;
                k ^= k >> r;
                k *= m;
                h *= m;
                h ^= k;
            }

            var tail = length & ~3;
            switch (length % 4)
            {
                case 3:
                    h ^= (uint)data[tail + 2] << 16;
                    goto case 2;
                case 2:
                    h ^= (uint)data[tail + 1] << 8;
                    goto case 1;
                case 1:
                    h ^= data[tail];
                    h *= m;
                    break;
            }

            h ^= h >> 13;
            h *= m;
            h ^= h >> 15;
            return (int)h;
        }
    }

    public static int Partition(ReadOnlySpan<byte> key, int partitions) => (Hash(key) & 0x7fffffff) % partitions;
}
