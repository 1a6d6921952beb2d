namespace KafkaRooms.ServiceDefaults;

/// <summary>How a health check says which endpoint it decides.</summary>
public static class HealthTags
{
    /// <summary>Checks with this tag decide /healthz: failing, the process should be restarted.</summary>
    public const string Live = "live";

    /// <summary>Checks with this tag decide /readyz: failing, the process should get no traffic for now.</summary>
    public const string Ready = "ready";
}
