using System.ComponentModel.DataAnnotations;
using System.Globalization;
using KafkaRooms.Rooms.Kafka;
using KafkaRooms.Rooms.Redis;
using Microsoft.Extensions.Configuration;

namespace KafkaRooms.Admin;

/// <summary>
/// The command line of the admin tool. Defaults come from the same configuration the services
/// read (sections Kafka and RoomState from the environment, <c>KAFKA_BOOTSTRAP_SERVERS</c>), so an
/// operator runs it with the Workers' environment; options override them.
/// </summary>
internal sealed record AdminOptions
{
    public const string Usage =
        "usage: KafkaRooms.Admin.dll audit   [common] [--redis CONN] [--prefix P] [--since TIME] [--report FILE] [--rechecks N] [--keep-scratch]\n" +
        "       KafkaRooms.Admin.dll rebuild [common] [--redis CONN] [--prefix P] [--max-event-age D.HH:MM:SS]\n" +
        "common: [--kafka HOSTS] [--topic T] [--live-redis CONN] [--live-prefix P] [--buckets N] [--timeout SECONDS]\n" +
        "  --kafka, --topic           the callbacks topic (default Kafka:BootstrapServers / KAFKA_BOOTSTRAP_SERVERS, Kafka:CallbacksTopic)\n" +
        "  --live-redis, --live-prefix the state the Workers keep (default RoomState:Redis, RoomState:KeyPrefix); audit reads it, nothing writes it\n" +
        "  --redis, --prefix          where the replay writes (default: the live Redis; audit: prefix audit-<time>, rebuild: the live prefix),\n" +
        "                             which must hold no key under that prefix\n" +
        "  --since TIME               audit only events from TIME (ISO 8601, Unix ms, or an age: 90m, 6h, 2d) and only rooms opened since\n" +
        "  --report FILE              audit's JSON report (default audit-<time>.json)\n" +
        "  --rechecks N               audit: times differing rooms are re-checked after catching up with the topic (default 3)\n" +
        "  --max-event-age D          rebuild/audit: the age limit while replaying (default: the age of the oldest message plus RoomState:MaxEventAge)";

    public required string Command { get; init; }

    public required KafkaOptions Kafka { get; init; }

    /// <summary>The live state: connection, prefix, buckets and time bounds the Workers use.</summary>
    public required RoomStateOptions Live { get; init; }

    /// <summary>Where the replay writes; null: the live Redis.</summary>
    public string? Redis { get; init; }

    public required string Prefix { get; init; }

    public DateTimeOffset? Since { get; init; }

    public string ReportPath { get; init; } = "";

    public int Rechecks { get; init; } = 3;

    public TimeSpan RecheckDelay { get; init; } = TimeSpan.FromSeconds(2);

    public bool KeepScratch { get; init; }

    public TimeSpan? MaxEventAge { get; init; }

    /// <summary>How long Redis and Kafka get to answer before the command gives up.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    public string ReplayRedis => Redis ?? Live.Redis;

    public static AdminOptions Parse(IReadOnlyList<string> args, IConfiguration configuration, DateTimeOffset now)
    {
        if (args.Count == 0 || args[0] is not ("audit" or "rebuild"))
        {
            throw new ArgumentException(Usage);
        }

        var command = args[0];
        var kafka = new KafkaOptions();
        configuration.GetSection(KafkaOptions.SectionName).Bind(kafka);
        if (configuration[KafkaHostingExtensions.BootstrapServersVariable] is { Length: > 0 } servers)
        {
            kafka.BootstrapServers = servers;
        }

        var live = new RoomStateOptions();
        configuration.GetSection(RoomStateOptions.SectionName).Bind(live);
        var stamp = now.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        string? prefix = null;
        var options = new AdminOptions { Command = command, Kafka = kafka, Live = live, Prefix = "", ReportPath = $"audit-{stamp}.json" };
        for (var i = 1; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value\n{Usage}");
            switch (name)
            {
                case "--kafka": kafka.BootstrapServers = Value(); break;
                case "--topic": kafka.CallbacksTopic = Value(); break;
                case "--live-redis": live.Redis = Value(); break;
                case "--live-prefix": live.KeyPrefix = Value(); break;
                case "--buckets": live.BucketCount = Number(name, Value()); break;
                case "--redis": options = options with { Redis = Value() }; break;
                case "--prefix": prefix = Value(); break;
                case "--since" when command == "audit": options = options with { Since = Time(name, Value(), now) }; break;
                case "--report" when command == "audit": options = options with { ReportPath = Value() }; break;
                case "--rechecks" when command == "audit": options = options with { Rechecks = Number(name, Value(), min: 0) }; break;
                case "--keep-scratch" when command == "audit": options = options with { KeepScratch = true }; break;
                case "--max-event-age": options = options with { MaxEventAge = Duration(name, Value()) }; break;
                case "--timeout": options = options with { Timeout = TimeSpan.FromSeconds(Number(name, Value())) }; break;
                default: throw new ArgumentException($"unknown option {name} for {command}\n{Usage}");
            }
        }

        if (options.Since is { } since && since > now)
        {
            throw new ArgumentException($"--since {since:O} lies in the future (now is {now:O}): there is nothing to audit yet");
        }

        options = options with { Prefix = prefix ?? (command == "audit" ? $"audit-{stamp}" : live.KeyPrefix) };
        Check(live, "live state");
        Check(new RoomStateOptions { KeyPrefix = options.Prefix, BucketCount = live.BucketCount }, "--prefix");
        if (command == "audit" && options.Prefix == live.KeyPrefix && options.Redis is null)
        {
            throw new ArgumentException($"--prefix {options.Prefix} is the live prefix: audit replays into a scratch prefix of its own");
        }

        return options;
    }

    private static void Check(RoomStateOptions state, string what)
    {
        var problems = new List<ValidationResult>();
        if (!Validator.TryValidateObject(state, new ValidationContext(state), problems, validateAllProperties: true))
        {
            throw new ArgumentException($"{what}: {string.Join("; ", problems.Select(p => p.ErrorMessage))}");
        }
    }

    private static int Number(string name, string text, int min = 1) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min
            ? value
            : throw new ArgumentException($"{name} must be a whole number of at least {min}, not '{text}'");

    private static TimeSpan Duration(string name, string text) =>
        TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) && value > TimeSpan.Zero
            ? value
            : throw new ArgumentException($"{name} must be a positive duration (d.hh:mm:ss), not '{text}'");

    /// <summary>ISO 8601, Unix milliseconds, or an age before now: 90m, 6h, 2d.</summary>
    private static DateTimeOffset Time(string name, string text, DateTimeOffset now)
    {
        if (text.Length > 1 && text[^1] is 'm' or 'h' or 'd'
            && double.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            return now - (text[^1] switch { 'm' => TimeSpan.FromMinutes(amount), 'h' => TimeSpan.FromHours(amount), _ => TimeSpan.FromDays(amount) });
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
        {
            return DateTimeOffset.FromUnixTimeMilliseconds(ms);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw new ArgumentException($"{name} must be a time (ISO 8601, Unix ms, or an age such as 6h), not '{text}'");
    }
}
