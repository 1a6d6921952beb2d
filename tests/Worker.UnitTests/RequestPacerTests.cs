using KafkaRooms.Worker.Reconciliation;
using Microsoft.Extensions.Time.Testing;

namespace KafkaRooms.Worker.UnitTests;

public sealed class RequestPacerTests
{
    private static readonly TimeSpan RoomInterval = TimeSpan.FromSeconds(1);

    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task A_rooms_second_request_waits_the_room_interval_and_another_room_only_the_app_spacing()
    {
        var pacer = new RequestPacer(_time, requestsPerSecond: 4, RoomInterval);
        var start = _time.GetUtcNow();
        await pacer.WaitAsync("arena", CancellationToken.None);

        Assert.Equal(start + TimeSpan.FromMilliseconds(250), pacer.NextSlot("lobby"));
        Assert.Equal(start + RoomInterval, pacer.NextSlot("arena"));
    }

    [Fact]
    public async Task A_request_woken_late_pushes_the_rooms_next_slot_from_when_it_went_out()
    {
        var pacer = new RequestPacer(_time, requestsPerSecond: 4, RoomInterval);
        var start = _time.GetUtcNow();
        await pacer.WaitAsync("arena", CancellationToken.None);

        var second = pacer.WaitAsync("arena", CancellationToken.None);
        Assert.False(second.IsCompleted);

        // The machine was busy: the delay due at 1 s wakes at 1.4 s.
        _time.Advance(TimeSpan.FromMilliseconds(1_400));
        await second;

        Assert.Equal(start + TimeSpan.FromMilliseconds(2_400), pacer.NextSlot("arena"));
        Assert.Equal(start + TimeSpan.FromMilliseconds(1_650), pacer.AppSlot);
    }

    [Fact]
    public async Task A_rooms_next_request_waits_the_interval_from_when_the_last_one_was_answered()
    {
        var pacer = new RequestPacer(_time, requestsPerSecond: 4, RoomInterval);
        var start = _time.GetUtcNow();
        await pacer.WaitAsync("arena", CancellationToken.None);

        // The request reached ZEGO late and its answer came back 700 ms after its slot.
        _time.Advance(TimeSpan.FromMilliseconds(700));
        pacer.Answered("arena");

        Assert.Equal(start + TimeSpan.FromMilliseconds(1_700), pacer.NextSlot("arena"));
        Assert.Equal(start + TimeSpan.FromMilliseconds(250), pacer.AppSlot);
    }

    [Fact]
    public async Task A_pause_holds_every_room_of_the_app()
    {
        var pacer = new RequestPacer(_time, requestsPerSecond: 4, RoomInterval);
        var start = _time.GetUtcNow();
        await pacer.WaitAsync("arena", CancellationToken.None);

        pacer.Pause(TimeSpan.FromSeconds(5));

        Assert.Equal(start + TimeSpan.FromSeconds(5), pacer.NextSlot("lobby"));
        Assert.Equal(start + TimeSpan.FromSeconds(5), pacer.NextSlot("arena"));
    }
}
