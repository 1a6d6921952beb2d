using KafkaRooms.FakeZego.ServerApi;
using KafkaRooms.FakeZegoServer;

// demo-lost: ZEGO's server API on --port, answering for one app, and the lost-callbacks scenario
// against a running pipeline whose Worker reconciles that app with it (scripts/demo-lost.sh).
if (args.FirstOrDefault() != "demo-lost")
{
    Console.Error.WriteLine(DemoOptions.Usage);
    return 64;
}

DemoOptions options;
try
{
    options = DemoOptions.Parse(args[1..], Environment.GetEnvironmentVariable);
}
catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException or UriFormatException)
{
    Console.Error.WriteLine(ex.Message);
    return 64;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
await using var zego = await FakeZegoServerApi.StartAsync(new Dictionary<uint, string> { [options.AppId] = options.ServerSecret }, port: options.Port);
Console.WriteLine($"fake ZEGO server API (DescribeUserList) at {zego.BaseAddress} for app {options.AppId}");
using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
try
{
    return await new LostCallbacksDemo(options, zego, http, Console.Out).RunAsync(stop.Token);
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    return 130;
}
