using KafkaRooms.Rooms.Contract;
using KafkaRooms.Rooms.Reading;
using KafkaRooms.Rooms.Redis;
using KafkaRooms.Testing.Redis;
using Microsoft.Extensions.Options;

namespace KafkaRooms.Ingest.IntegrationTests;

/// <summary>
/// The path after Kafka, as the Worker takes it: decode the message with the contract's codec,
/// clean and validate it as the Worker's MessageDecoder does, apply it to a real Redis with the
/// store, and read the result back with the reader game servers use.
/// </summary>
internal sealed class IngestToStore
{
    private readonly RoomStore _store;

    public IngestToStore(RedisServerFixture redis)
    {
        var options = Options.Create(new RoomStateOptions { Redis = redis.ConnectionString, KeyPrefix = redis.NewKeyPrefix(), BucketCount = 4 });
        _store = new RoomStore(redis.Connection, options, TimeProvider.System);
        Reader = new RoomReader(redis.Connection, options);
    }

    public RoomReader Reader { get; }

    public static RoomEvent Decode(byte[] value)
    {
        var roomEvent = InformationalFields.Clean(RoomEventCodec.Deserialize(value));
        Assert.Null(RoomEventValidator.Validate(roomEvent, DateTimeOffset.UtcNow, new RoomStateOptions().MaxClockSkew));
        return roomEvent;
    }

    /// <summary>Applies the decoded messages in the order given; every one must be applied.</summary>
    public async Task ApplyAsync(IEnumerable<RoomEvent> events)
    {
        foreach (var roomEvent in events)
        {
            Assert.Equal(ApplyOutcome.Applied, await _store.ApplyAsync(roomEvent));
        }
    }
}
