namespace KafkaRooms.Worker.Reconciliation;

/// <summary>
/// The ZEGO projects the Worker knows (configuration section "Zego"; docs/reconciliation.md).
/// Every app named under Zego:Apps is watched (the suspicion gauge); an app with a ServerSecret is
/// also reconciled. Secrets come from the environment (Zego__Apps__1__ServerSecret) or a secret
/// store, never from the repository, and are never logged.
/// </summary>
public sealed class ZegoAppsOptions
{
    public const string SectionName = "Zego";

    /// <summary>Per ZEGO project, keyed by appid (decimal uint32). Other keys of an app (its callback secret) are Ingest's.</summary>
    public Dictionary<string, ZegoServerAppOptions> Apps { get; set; } = [];
}

public sealed class ZegoServerAppOptions
{
    /// <summary>The project's server secret from ZEGO's console (not its callback secret); set: the app is reconciled.</summary>
    public string? ServerSecret { get; set; }

    // Options objects end up in logs: never print the secret, only whether it is set.
    public override string ToString() => $"ZegoServerAppOptions {{ ServerSecret = {(string.IsNullOrEmpty(ServerSecret) ? "(none)" : "***")} }}";
}
