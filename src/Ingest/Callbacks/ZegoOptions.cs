using System.ComponentModel.DataAnnotations;

namespace KafkaRooms.Ingest.Callbacks;

/// <summary>
/// How ZEGO callbacks are authenticated (configuration section "Zego"). Secrets come from the
/// environment (Zego__Apps__1__CallbackSecret) or a secret store, never from the repository.
/// </summary>
public sealed class ZegoOptions
{
    public const string SectionName = "Zego";

    /// <summary>Per ZEGO project, keyed by appid (decimal uint32).</summary>
    public Dictionary<string, ZegoAppOptions> Apps { get; set; } = [];

    /// <summary>
    /// How far a callback's signed timestamp may lie from our clock, either way. A captured
    /// callback replayed later than this fails the signature check.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan TimestampTolerance { get; set; } = TimeSpan.FromSeconds(300);

    /// <summary>
    /// Development only: accept callbacks that carry no signature at all (signed ones are still
    /// verified). Off by default; a warning is logged at start when on.
    /// </summary>
    public bool AllowUnsignedCallbacks { get; set; }
}

public sealed class ZegoAppOptions
{
    /// <summary>The project's callback secret from ZEGO's console.</summary>
    public string CallbackSecret { get; set; } = "";

    /// <summary>
    /// During a secret rotation, the secret about to be set in ZEGO's console: callbacks signed
    /// with either secret are accepted, so none is refused while ZEGO switches over
    /// (docs/ingest-api.md, "Rotating a callback secret"). Null when no rotation is under way.
    /// </summary>
    public string? NextCallbackSecret { get; set; }

    // Options objects end up in logs: never print a secret, only whether a next one is set.
    public override string ToString() =>
        $"ZegoAppOptions {{ CallbackSecret = ***, NextCallbackSecret = {(NextCallbackSecret is null ? "(none)" : "***")} }}";
}
