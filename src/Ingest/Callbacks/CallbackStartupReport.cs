using Microsoft.Extensions.Options;

namespace KafkaRooms.Ingest.Callbacks;

/// <summary>Says at start how callbacks are checked, loudly when unsigned ones are let in.</summary>
internal sealed class CallbackStartupReport(
    IOptions<ZegoOptions> zego, IOptions<IngestOptions> ingest, IOptions<KafkaRooms.Rooms.Redis.RoomStateOptions> roomState, ILogger<CallbackStartupReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (zego.Value.AllowUnsignedCallbacks)
        {
            CallbackLog.UnsignedCallbacksAllowed(logger);
        }

        CallbackLog.Configured(logger, zego.Value.Apps.Count, zego.Value.Apps.Values.Count(app => app.NextCallbackSecret is not null), zego.Value.TimestampTolerance,
            roomState.Value.MaxClockSkew, ingest.Value.MaxBodyBytes);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
