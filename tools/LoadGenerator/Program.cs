using KafkaRooms.FakeZego;
using KafkaRooms.LoadGenerator;

// load (default): random valid histories, shuffled with duplicates, verified against the truth.
// demo: ZEGO's out-of-order examples beside a naive consumer.
// watch: the app's change feed, printed live.
var verb = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "load";
LoadOptions options;
try
{
    options = LoadOptions.Parse(verb == args.FirstOrDefault() ? args[1..] : args, Environment.GetEnvironmentVariable);
}
catch (Exception ex) when (ex is ArgumentException or FormatException or UriFormatException)
{
    Console.Error.WriteLine(ex.Message);
    return 64;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
using var ingest = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency })
{
    BaseAddress = options.Ingest,
    Timeout = TimeSpan.FromSeconds(30),
};
using var read = new HttpClient { BaseAddress = options.Read, Timeout = TimeSpan.FromSeconds(30) };
if (verb == "watch")
{
    // An event stream is endless: no overall timeout.
    using var feed = new HttpClient { BaseAddress = options.Read, Timeout = Timeout.InfiniteTimeSpan };
    return await new WatchRun(options, feed, Console.Out).RunAsync(stop.Token);
}

var client = new IngestClient(ingest, read, new ZegoApp(options.AppId, options.Secret));
return verb switch
{
    "load" => await new LoadRun(options, client, Console.Out).RunAsync(stop.Token),
    "demo" => await new DemoRun(options, client, Console.Out).RunAsync(stop.Token),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine(LoadOptions.Usage);
    return 64;
}
