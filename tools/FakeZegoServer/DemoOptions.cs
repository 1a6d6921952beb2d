using System.Globalization;

namespace KafkaRooms.FakeZegoServer;

/// <summary>The command line of the lost-callbacks demo; every option has a default but the URLs' ports.</summary>
internal sealed record DemoOptions(
    int Port, uint AppId, string CallbackSecret, string ServerSecret, Uri Ingest, Uri Read, Uri Worker, TimeSpan Timeout)
{
    public const string Usage =
        "usage: FakeZegoServer demo-lost --port P --ingest URL --read URL --worker URL [--appid 1] [--callback-secret S] [--timeout 120]\n" +
        "  the server secret comes from ZEGO_SERVER_SECRET (never the command line: process lists show it)";

    public static DemoOptions Parse(string[] args, Func<string, string?> environment)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"'{args[i]}' is not an option with a value\n{Usage}");
            }

            values[args[i][2..]] = args[i + 1];
        }

        string Required(string name) => values.GetValueOrDefault(name) ?? throw new ArgumentException($"--{name} is missing\n{Usage}");
        var serverSecret = environment("ZEGO_SERVER_SECRET");
        if (string.IsNullOrEmpty(serverSecret))
        {
            throw new ArgumentException($"ZEGO_SERVER_SECRET is not set\n{Usage}");
        }

        return new DemoOptions(
            int.Parse(Required("port"), NumberStyles.None, CultureInfo.InvariantCulture),
            uint.Parse(values.GetValueOrDefault("appid", "1"), NumberStyles.None, CultureInfo.InvariantCulture),
            values.GetValueOrDefault("callback-secret", "dev-secret"),
            serverSecret,
            WithSlash(Required("ingest")),
            WithSlash(Required("read")),
            WithSlash(Required("worker")),
            TimeSpan.FromSeconds(int.Parse(values.GetValueOrDefault("timeout", "120"), NumberStyles.None, CultureInfo.InvariantCulture)));
    }

    private static Uri WithSlash(string url) => new(url.EndsWith('/') ? url : url + "/");
}
