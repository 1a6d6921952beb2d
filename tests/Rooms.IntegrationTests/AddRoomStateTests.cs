using KafkaRooms.Rooms.Reading;
using KafkaRooms.Rooms.Redis;
using KafkaRooms.Testing.Redis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using static KafkaRooms.Rooms.IntegrationTests.Events;

namespace KafkaRooms.Rooms.IntegrationTests;

[Collection(RedisCollection.Name)]
public sealed class AddRoomStateTests(RedisServerFixture fixture)
{
    [Fact]
    public async Task The_registered_store_and_reader_share_one_connection_and_an_injected_clock()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["RoomState:Redis"] = fixture.ConnectionString,
            ["RoomState:KeyPrefix"] = fixture.NewKeyPrefix(),
        });
        // A clock far from the real one: only an injected clock lets this event in.
        builder.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(StateHarness.Now)));
        builder.AddRoomState();
        using var host = builder.Build();
        await host.StartAsync();

        var store = host.Services.GetRequiredService<RoomStore>();
        var reader = host.Services.GetRequiredService<RoomReader>();
        Assert.Equal(ApplyOutcome.Applied, await store.ApplyAsync(Created("hosted", 7, T0)));
        Assert.Equal(7UL, (await reader.GetRoomAsync(1, "hosted"))!.Room.RoomSession);
        Assert.Same(host.Services.GetRequiredService<ConnectionMultiplexer>(), host.Services.GetRequiredService<IConnectionMultiplexer>());
        await host.StopAsync();
    }
}
