using KafkaRooms.Admin;
using KafkaRooms.Admin.Audit;
using KafkaRooms.Admin.Rebuild;
using Microsoft.Extensions.Configuration;

// Operator commands (docs/operations.md): audit and rebuild the room state from the callbacks topic.
// Exit codes: 0 done (audit: no difference), 1 audit found differences, 2 cannot go on, 64 usage.
var configuration = new ConfigurationBuilder()
    .SetBasePath(AppContext.BaseDirectory)
    .AddJsonFile("appsettings.json", optional: true)
    .AddEnvironmentVariables()
    .Build();
AdminOptions options;
try
{
    options = AdminOptions.Parse(args, configuration, DateTimeOffset.UtcNow);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 64;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

try
{
    return options.Command == "audit"
        ? await new AuditCommand(options, Console.Out, Console.Error).RunAsync(stop.Token)
        : await new RebuildCommand(options, Console.Out, Console.Error).RunAsync(stop.Token);
}
catch (AdminFailure ex)
{
    Console.Error.WriteLine($"{options.Command}: {ex.Message}");
    return AdminFailure.ExitCode;
}
catch (Exception ex) when (ex is StackExchange.Redis.RedisException or StackExchange.Redis.RedisTimeoutException or Confluent.Kafka.KafkaException)
{
    // Redis or Kafka failed midway: the live state was not written (audit writes only its scratch prefix, rebuild only an empty target).
    Console.Error.WriteLine($"{options.Command}: {ex.GetType().Name}: {ex.Message.Split('\n')[0]}");
    return AdminFailure.ExitCode;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine($"{options.Command}: interrupted");
    return 130;
}
