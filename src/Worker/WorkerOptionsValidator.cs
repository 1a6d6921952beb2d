using Microsoft.Extensions.Options;

namespace KafkaRooms.Worker;

/// <summary>Checks that relate several settings, which data annotations cannot express.</summary>
internal sealed class WorkerOptionsValidator : IValidateOptions<WorkerOptions>
{
    public ValidateOptionsResult Validate(string? name, WorkerOptions options)
    {
        var failures = new List<string>();
        if (options.MaxPollInterval <= options.WorstCaseBatch)
        {
            failures.Add(
                $"Worker:MaxPollInterval ({options.MaxPollInterval}) must exceed the worst-case batch, " +
                $"Worker:MaxBatchWait + Worker:ApplyAttemptTimeout ({options.WorstCaseBatch}).");
        }

        if (options.MaxPollInterval < options.SessionTimeout)
        {
            failures.Add(
                $"Worker:MaxPollInterval ({options.MaxPollInterval}) must be at least Worker:SessionTimeout ({options.SessionTimeout}).");
        }

        if (options.RetryMaxDelay < options.RetryBaseDelay)
        {
            failures.Add(
                $"Worker:RetryMaxDelay ({options.RetryMaxDelay}) must be at least Worker:RetryBaseDelay ({options.RetryBaseDelay}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
