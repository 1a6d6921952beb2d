using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace KafkaRooms.Worker.Health;

/// <summary>/healthz: the consume loop is alive (polls Kafka) and has not hit a fatal error.</summary>
internal sealed class ConsumerLivenessCheck(WorkerStatus status, IOptions<WorkerOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (status.Fatal)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("fatal Kafka error; the process is stopping"));
        }

        if (status.Running && status.SinceLastPoll > options.Value.MaxPollInterval)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"no poll for {status.SinceLastPoll}"));
        }

        return Task.FromResult(HealthCheckResult.Healthy());
    }
}

/// <summary>/readyz: consuming, and batches are being applied (Redis and the dead-letter topic answer).</summary>
internal sealed class ConsumerReadinessCheck(WorkerStatus status) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!status.Running || status.Fatal)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("the consume loop is not running"));
        }

        return Task.FromResult(status.FailingFor is { } failing
            ? HealthCheckResult.Unhealthy($"batches failing for {failing}; retrying")
            : HealthCheckResult.Healthy($"{status.AssignedPartitions} partitions assigned"));
    }
}
