using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace KafkaRooms.Ingest;

public static class HealthEndpoints
{
    /// <summary>Checks with this tag decide readiness (Kafka, Redis); liveness runs none.</summary>
    public const string ReadyTag = "ready";

    /// <summary>/healthz: the process answers. /readyz: Kafka and Redis are reachable.</summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        return endpoints;
    }
}
