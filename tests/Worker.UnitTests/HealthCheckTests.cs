using KafkaRooms.Worker.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace KafkaRooms.Worker.UnitTests;

public class HealthCheckTests
{
    private readonly WorkerStatus _status = new();

    [Fact]
    public async Task Before_the_loop_runs_the_worker_is_alive_but_not_ready()
    {
        Assert.Equal(HealthStatus.Healthy, await Live());
        Assert.Equal(HealthStatus.Unhealthy, await Ready());
    }

    [Fact]
    public async Task A_running_loop_whose_batches_succeed_is_ready()
    {
        _status.LoopStarted();
        _status.BatchSucceeded();

        Assert.Equal(HealthStatus.Healthy, await Live());
        Assert.Equal(HealthStatus.Healthy, await Ready());
    }

    [Fact]
    public async Task A_failing_batch_makes_the_worker_unready_but_not_dead_until_a_batch_succeeds()
    {
        _status.LoopStarted();
        _status.BatchFailed();

        Assert.NotNull(_status.FailingFor);
        Assert.Equal(HealthStatus.Unhealthy, await Ready());
        Assert.Equal(HealthStatus.Healthy, await Live());

        _status.BatchSucceeded();
        Assert.Equal(HealthStatus.Healthy, await Ready());
    }

    [Fact]
    public async Task A_fatal_error_fails_both()
    {
        _status.LoopStarted();
        _status.FatalError();

        Assert.Equal(HealthStatus.Unhealthy, await Live());
        Assert.Equal(HealthStatus.Unhealthy, await Ready());
    }

    [Fact]
    public async Task A_loop_that_stopped_polling_for_longer_than_the_poll_interval_is_dead()
    {
        _status.LoopStarted();
        var options = Options.Create(new WorkerOptions { MaxPollInterval = TimeSpan.FromMilliseconds(1) });
        await Task.Delay(50);

        var result = await new ConsumerLivenessCheck(_status, options).CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
    }

    private async Task<HealthStatus> Live() =>
        (await new ConsumerLivenessCheck(_status, Options.Create(new WorkerOptions())).CheckHealthAsync(new HealthCheckContext())).Status;

    private async Task<HealthStatus> Ready() =>
        (await new ConsumerReadinessCheck(_status).CheckHealthAsync(new HealthCheckContext())).Status;
}
