using KafkaRooms.LocalKafka;

// Hosts librdkafka's mock cluster for `make run` and for other processes (kcat, Ingest,
// Worker): prints the bootstrap servers as one line on stdout and into a file, then runs
// until SIGTERM or Ctrl-C.
var settings = LocalKafkaSettings.Parse(args, Environment.GetEnvironmentVariable);
using var cluster = MockKafkaCluster.Start(settings.Brokers);
foreach (var (topic, partitions) in settings.Topics)
{
    cluster.CreateTopic(topic, partitions);
}

if (settings.BootstrapFile is { } file)
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
    await File.WriteAllTextAsync(file, cluster.BootstrapServers + Environment.NewLine);
}

Console.Out.WriteLine(cluster.BootstrapServers);
Console.Out.Flush();
Console.Error.WriteLine(
    $"local kafka: {cluster.BrokerCount} mock brokers; topics {string.Join(", ", settings.Topics.Select(t => $"{t.Topic}({t.Partitions})"))}; stop with Ctrl-C");

using var stop = new CancellationTokenSource();
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
    System.Runtime.InteropServices.PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
}

if (settings.BootstrapFile is { } written)
{
    File.Delete(written);
}
