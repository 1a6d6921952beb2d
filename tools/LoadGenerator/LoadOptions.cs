using System.Globalization;

namespace KafkaRooms.LoadGenerator;

/// <summary>Command line of the load generator (defaults suit `make smoke` against `make run`).</summary>
internal sealed record LoadOptions
{
    public Uri Ingest { get; init; } = new("http://127.0.0.1:8080/");

    /// <summary>The read API (its own service, docs/read-api.md), where the state is read back.</summary>
    public Uri Read { get; init; } = new("http://127.0.0.1:8082/");
    public uint AppId { get; init; } = 1;
    public string Secret { get; init; } = "dev-secret";
    public int Rooms { get; init; } = 200;
    public double Rate { get; init; } = 1000;
    public int Concurrency { get; init; } = 16;
    public double Duplicates { get; init; } = 0.1;
    public int Seed { get; init; } = Environment.TickCount;
    public TimeSpan SettleTimeout { get; init; } = TimeSpan.FromSeconds(60);
    public bool Verify { get; init; } = true;

    /// <summary>watch: from the oldest retained change instead of from now.</summary>
    public bool FromEarliest { get; init; }

    public const string Usage =
        "usage: load [--ingest URL] [--read URL] [--appid N] [--secret S] [--rooms M] [--rate R/s] [--concurrency C] " +
        "[--duplicates 0.1] [--seed N] [--settle-seconds S] [--no-verify]\n" +
        "       demo [--ingest URL] [--read URL] [--appid N] [--secret S]\n" +
        "       watch [--read URL] [--appid N] [--from earliest]\n" +
        "Environment: ZEGO_DEV_SECRET sets the default secret, ZEGO_DEV_APPID the default appid, READ_URL the default --read.";

    public static LoadOptions Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var options = new LoadOptions
        {
            Secret = environment("ZEGO_DEV_SECRET") ?? "dev-secret",
            AppId = uint.TryParse(environment("ZEGO_DEV_APPID"), out var envApp) ? envApp : 1,
        };
        if (environment("READ_URL") is { Length: > 0 } readUrl)
        {
            options = options with { Read = BaseUri(readUrl) };
        }

        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value\n{Usage}");
            options = name switch
            {
                "--ingest" => options with { Ingest = BaseUri(Value()) },
                "--read" => options with { Read = BaseUri(Value()) },
                "--appid" => options with { AppId = uint.Parse(Value(), CultureInfo.InvariantCulture) },
                "--secret" => options with { Secret = Value() },
                "--rooms" => options with { Rooms = Positive(name, int.Parse(Value(), CultureInfo.InvariantCulture)) },
                "--rate" => options with { Rate = Positive(name, double.Parse(Value(), CultureInfo.InvariantCulture)) },
                "--concurrency" => options with { Concurrency = Positive(name, int.Parse(Value(), CultureInfo.InvariantCulture)) },
                "--duplicates" => options with { Duplicates = Fraction(name, double.Parse(Value(), CultureInfo.InvariantCulture)) },
                "--seed" => options with { Seed = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--settle-seconds" => options with { SettleTimeout = TimeSpan.FromSeconds(Positive(name, int.Parse(Value(), CultureInfo.InvariantCulture))) },
                "--no-verify" => options with { Verify = false },
                "--from" => options with { FromEarliest = Value() == "earliest" ? true : throw new ArgumentException("--from must be 'earliest'") },
                _ => throw new ArgumentException($"unknown option {name}\n{Usage}"),
            };
        }

        return options;
    }

    // A trailing slash, so relative request paths append to it.
    private static Uri BaseUri(string url) => new(url.TrimEnd('/') + "/");

    private static T Positive<T>(string name, T value) where T : System.Numerics.INumber<T> =>
        value > T.Zero ? value : throw new ArgumentException($"{name} must be positive");

    private static double Fraction(string name, double value) =>
        value is >= 0 and <= 1 ? value : throw new ArgumentException($"{name} must lie in [0, 1]");
}
