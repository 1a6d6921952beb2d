using Confluent.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KafkaRooms.Ingest.Publishing;

/// <summary>Ready when a broker answers a metadata request for the callbacks topic, over the producer's own connections.</summary>
internal sealed class KafkaReadinessCheck(CallbackPublisher publisher) : IHealthCheck
{
    private static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(2);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        // GetMetadata blocks; keep it off the request thread.
        Task.Run(() =>
        {
            try
            {
                using var admin = new DependentAdminClientBuilder(publisher.Handle).Build();
                var metadata = admin.GetMetadata(publisher.Topic, MetadataTimeout);
                var topic = metadata.Topics.FirstOrDefault(t => t.Topic == publisher.Topic);
                if (topic is null || topic.Error.IsError)
                {
                    return HealthCheckResult.Unhealthy($"topic {publisher.Topic}: {topic?.Error.Reason ?? "not in metadata"}");
                }

                return HealthCheckResult.Healthy($"{metadata.Brokers.Count} brokers, {topic.Partitions.Count} partitions");
            }
            catch (KafkaException ex)
            {
                return HealthCheckResult.Unhealthy($"Kafka metadata: {ex.Error.Reason}");
            }
        }, cancellationToken);
}
