using System.ComponentModel.DataAnnotations;

namespace KafkaRooms.Worker.Reconciliation;

/// <summary>How DescribeUserList is called (section "Zego:ServerApi").</summary>
public sealed class ServerApiOptions
{
    public const string SectionName = "Zego:ServerApi";

    /// <summary>ZEGO's server API; regional hosts exist (rtc-api-sha, -hkg, -fra, -lax, -bom, -sgp).</summary>
    [Required]
    public Uri BaseUrl { get; set; } = new("https://rtc-api.zego.im/");

    /// <summary>The request budget of one app: requests (pages) per second, evenly spaced.</summary>
    [Range(0.01, 1000)]
    public double RequestsPerSecond { get; set; } = 10;

    /// <summary>
    /// The least time between two requests about one room. ZEGO allows one per second; the default
    /// leaves room for network jitter so two requests never arrive within ZEGO's second.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan RoomRequestInterval { get; set; } = TimeSpan.FromSeconds(1.2);

    /// <summary>One request (one page) is given up after this long.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A larger answer is refused unread (a 200-user page is well under 100 KB).</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxResponseBytes { get; set; } = 1024 * 1024;

    /// <summary>Users asked per page (DescribeUserList's Limit, at most 200).</summary>
    [Range(1, 200)]
    public int PageSize { get; set; } = 200;

    /// <summary>A room needing more pages is not reconciled (its list would take too long to read).</summary>
    [Range(1, 10_000)]
    public int MaxPagesPerRoom { get; set; } = 50;
}
