using System.ComponentModel.DataAnnotations;

namespace KafkaRooms.ReadApi;

/// <summary>Settings of the read API (configuration section "ReadApi"; docs/read-api.md, "Configuration").</summary>
public sealed class ReadApiOptions
{
    public const string SectionName = "ReadApi";

    /// <summary>The appids it serves; any other is 404. Empty (the default): every appid.</summary>
    public List<uint> Apps { get; set; } = [];

    /// <summary>Change-feed clients (open event streams) one process serves at once; more get 503.</summary>
    [Range(1, 1_000_000)]
    public int MaxFeedClients { get; set; } = 1000;

    /// <summary>How often an idle event stream gets a comment, so proxies and clients see it alive.</summary>
    public TimeSpan FeedHeartbeat { get; set; } = TimeSpan.FromSeconds(5);

    public bool Serves(uint appId) => Apps.Count == 0 || Apps.Contains(appId);
}
