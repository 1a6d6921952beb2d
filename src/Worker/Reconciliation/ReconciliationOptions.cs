using System.ComponentModel.DataAnnotations;

namespace KafkaRooms.Worker.Reconciliation;

/// <summary>When and how rooms are checked with ZEGO (configuration section "Reconciliation"; docs/reconciliation.md).</summary>
public sealed class ReconciliationOptions
{
    public const string SectionName = "Reconciliation";

    /// <summary>
    /// Two observations that agree must be at least this far apart (docs/rules.md §8). Longer than
    /// ZEGO's callback retries (2 s, 4 s, ... five times, about a minute) plus the consumer's lag, so a
    /// callback still on its way is applied, and seen as a change, before a correction is made.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A room that is not suspect is checked again once this long has passed since its last check, as the budget allows.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "7.00:00:00")]
    public TimeSpan SweepPeriod { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A suspect room is checked again once this long has passed since its last check (before any sweep).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan SuspectCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the app's rooms are walked to judge them (the suspicion gauge) and to find rooms to check.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan CensusPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The lease that makes one replica per app do the work; renewed every third of it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.300", "00:10:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First pause of an app's calls after an error or a rate-limit answer; it doubles with each failure in a row.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan BackoffBase { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The pause never grows beyond this.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan BackoffMax { get; set; } = TimeSpan.FromMinutes(5);
}
