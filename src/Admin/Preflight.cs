using Confluent.Kafka;
using KafkaRooms.KafkaNative;
using KafkaRooms.Rooms.Kafka;
using StackExchange.Redis;

namespace KafkaRooms.Admin;

/// <summary>
/// Checks done before anything is written: Kafka answers, the topic exists, Redis answers. Each
/// failure is an <see cref="AdminFailure"/> naming what and where, without secrets (a Redis
/// connection string is shown by its endpoints only).
/// </summary>
internal static class Preflight
{
    /// <summary>The Kafka cluster id and the topic's partitions.</summary>
    public static (string ClusterId, IReadOnlyList<int> Partitions) Kafka(KafkaOptions kafka, TimeSpan timeout)
    {
        var clusterId = KafkaClusterId.Query(ClientSettings(kafka), timeout)
            ?? throw new AdminFailure($"cannot reach Kafka at {kafka.BootstrapServers}: no broker answered within {timeout.TotalSeconds:0} s");
        using var admin = new AdminClientBuilder(new AdminClientConfig(ClientSettings(kafka)) { AllowAutoCreateTopics = false }).Build();
        Metadata metadata;
        try
        {
            metadata = admin.GetMetadata(kafka.CallbacksTopic, timeout);
        }
        catch (KafkaException ex)
        {
            throw new AdminFailure($"cannot read the metadata of topic {kafka.CallbacksTopic} from Kafka at {kafka.BootstrapServers}: {ex.Error.Reason}");
        }

        var topic = metadata.Topics.SingleOrDefault(t => t.Topic == kafka.CallbacksTopic);
        if (topic is null || topic.Error.Code == ErrorCode.UnknownTopicOrPart || topic.Partitions.Count == 0)
        {
            throw new AdminFailure($"topic {kafka.CallbacksTopic} does not exist on Kafka at {kafka.BootstrapServers}");
        }

        if (topic.Error.IsError)
        {
            throw new AdminFailure($"topic {kafka.CallbacksTopic} on Kafka at {kafka.BootstrapServers}: {topic.Error.Reason}");
        }

        return (clusterId, topic.Partitions.Select(p => p.PartitionId).Order().ToList());
    }

    public static async Task<ConnectionMultiplexer> RedisAsync(string connection, string role, TimeSpan timeout)
    {
        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(connection);
        }
        catch (ArgumentException ex)
        {
            throw new AdminFailure($"{role} Redis: not a connection string ({ex.Message})");
        }

        options.AbortOnConnectFail = true;
        options.ConnectTimeout = (int)timeout.TotalMilliseconds;
        options.SyncTimeout = Math.Max(options.SyncTimeout, (int)timeout.TotalMilliseconds);
        options.AsyncTimeout = Math.Max(options.AsyncTimeout, (int)timeout.TotalMilliseconds);
        try
        {
            var redis = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
            await redis.GetDatabase().PingAsync().ConfigureAwait(false);
            return redis;
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            throw new AdminFailure($"cannot reach {role} Redis at {Endpoints(options)}: {ex.Message.Split('\n')[0]}");
        }
    }

    /// <summary>A call to Kafka while planning a replay; its failure becomes one clear line.</summary>
    public static T Kafka<T>(KafkaOptions kafka, string what, Func<T> call)
    {
        try
        {
            return call();
        }
        catch (KafkaException ex)
        {
            throw new AdminFailure($"Kafka at {kafka.BootstrapServers} could not {what} of topic {kafka.CallbacksTopic}: {ex.Error.Reason}");
        }
    }

    /// <summary>bootstrap.servers and the passthrough settings (TLS, SASL) the services use.</summary>
    public static Dictionary<string, string> ClientSettings(KafkaOptions kafka) =>
        new(kafka.Client) { ["bootstrap.servers"] = kafka.BootstrapServers };

    public static string Endpoints(ConfigurationOptions options) => string.Join(",", options.EndPoints.Select(e => e.ToString()));
}
