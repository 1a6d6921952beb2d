using KafkaRooms.Rooms.Redis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace KafkaRooms.Rooms.UnitTests.Redis;

public sealed class AddRoomStateTests
{
    [Theory]
    [InlineData("BucketCount", "0", "BucketCount")]
    [InlineData("KeyPrefix", "has space", "KeyPrefix")]
    [InlineData("KeyPrefix", "{tag}", "KeyPrefix")]
    [InlineData("TombstoneRetention", "00:00:00", "TombstoneRetention")]
    [InlineData("MaxClockSkew", "-00:01:00", "MaxClockSkew")]
    [InlineData("Redis", "", "Redis")]
    [InlineData("ChangeFeedMaxLength", "-1", "ChangeFeedMaxLength")]
    [InlineData("MaxEventsPerCall", "0", "MaxEventsPerCall")]
    [InlineData("MaxEventsPerCall", "5000", "MaxEventsPerCall")]
    public async Task A_bad_setting_stops_the_host_naming_it(string setting, string value, string named)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [$"RoomState:{setting}"] = value });
        builder.AddRoomState();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_bind_from_the_RoomState_section()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["RoomState:KeyPrefix"] = "prod",
            ["RoomState:BucketCount"] = "128",
            ["RoomState:TombstoneRetention"] = "2.00:00:00",
            ["RoomState:ChangeFeedMaxLength"] = "0",
            ["RoomState:MaxEventsPerCall"] = "64",
        });
        builder.AddRoomState();
        using var host = builder.Build();

        var options = host.Services.GetRequiredService<IOptions<RoomStateOptions>>().Value;
        Assert.Equal(("prod", 128, TimeSpan.FromDays(2)), (options.KeyPrefix, options.BucketCount, options.EffectiveMaxEventAge));
        Assert.Equal((0, 64), (options.ChangeFeedMaxLength, options.MaxEventsPerCall));
        Assert.Same(TimeProvider.System, host.Services.GetRequiredService<TimeProvider>());
    }
}
