using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace KafkaRooms.Rooms.Kafka;

public static class KafkaHostingExtensions
{
    /// <summary>When set, names the Kafka cluster and wins over Kafka:BootstrapServers.</summary>
    public const string BootstrapServersVariable = "KAFKA_BOOTSTRAP_SERVERS";

    /// <summary>
    /// <see cref="KafkaOptions"/> from section "Kafka", with <see cref="BootstrapServersVariable"/>
    /// applied, validated at start. Every service that talks to Kafka registers them here, so
    /// they all read the same settings the same way.
    /// </summary>
    public static IHostApplicationBuilder AddKafkaOptions(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        builder.Services.AddOptions<KafkaOptions>()
            .Bind(configuration.GetSection(KafkaOptions.SectionName))
            .PostConfigure(options =>
            {
                // Environment variables are part of configuration, so tests can set it there too.
                if (configuration[BootstrapServersVariable] is { Length: > 0 } servers)
                {
                    options.BootstrapServers = servers;
                }
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return builder;
    }
}
