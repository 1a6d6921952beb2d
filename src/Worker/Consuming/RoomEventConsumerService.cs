using KafkaRooms.Worker.Health;
using KafkaRooms.Worker.Telemetry;

namespace KafkaRooms.Worker.Consuming;

/// <summary>
/// Hosts the consume loop. The loop blocks in librdkafka calls, so it runs on its own
/// long-running thread: host start returns at once, and StopAsync only signals and waits.
/// </summary>
internal sealed class RoomEventConsumerService(
    ConsumeLoop loop,
    WorkerStatus status,
    IHostApplicationLifetime lifetime,
    ILogger<RoomEventConsumerService> logger) : BackgroundService
{
    private readonly CancellationTokenSource _abort = new();

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(
            () => Run(stoppingToken),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // When the host's shutdown timeout runs out, the batch in flight is abandoned too.
        await using var abort = cancellationToken.Register(_abort.Cancel);
        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _abort.Dispose();
        base.Dispose();
    }

    private void Run(CancellationToken stoppingToken)
    {
        var failed = false;
        try
        {
            loop.Run(stoppingToken, _abort.Token);
        }
        catch (Exception ex)
        {
            WorkerLog.LoopCrashed(logger, ex);
            failed = true;
        }

        if (failed || loop.FatalError is not null)
        {
            // An orchestrator restarts a process that exits non-zero; a half-dead consumer it would not.
            status.FatalError();
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }
}
