using System.Net;
using System.Text.Json;
using KafkaRooms.FakeZego;
using KafkaRooms.Testing.Kafka;
using KafkaRooms.Testing.Redis;
using Microsoft.Extensions.Logging;

namespace KafkaRooms.Ingest.IntegrationTests;

/// <summary>Health, readiness, metrics, and what the logs say (and never say).</summary>
[Collection(IngestCollection.Name)]
public sealed class OperationsTests(KafkaFixture kafka, RedisServerFixture redis)
{
    private async Task<(IngestServer Server, CallbackTopic Topic)> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var name = await kafka.CreateTopicAsync(3, "ops");
        settings ??= [];
        settings.TryAdd("RoomState:Redis", redis.ConnectionString);
        return (await IngestServer.StartAsync(kafka.BootstrapServers, name, settings), new CallbackTopic(kafka.BootstrapServers, name, 3));
    }

    [Fact]
    public async Task Healthz_is_alive_and_readyz_is_ready_with_kafka_and_redis_up()
    {
        var (server, _) = await StartAsync();
        await using var _ = server;

        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/healthz")).StatusCode);
        var ready = await server.Client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Readyz_is_unavailable_while_redis_is_unreachable_and_healthz_stays_alive()
    {
        var (server, _) = await StartAsync(new() { ["RoomState:Redis"] = $"127.0.0.1:{Testing.FreePorts.Next()},connectTimeout=500" });
        await using var _ = server;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await server.Client.GetAsync("/readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task Readyz_is_unavailable_while_kafka_is_unreachable()
    {
        var name = await kafka.CreateTopicAsync(1, "ops-nokafka");
        await using var server = await IngestServer.StartAsync($"127.0.0.1:{Testing.FreePorts.Next()}", name,
            new Dictionary<string, string?> { ["RoomState:Redis"] = redis.ConnectionString });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await server.Client.GetAsync("/readyz")).StatusCode);
    }

    [Fact]
    public async Task Metrics_count_callbacks_by_kind_and_outcome_signature_failures_rejects_and_publish_latency()
    {
        var (server, _) = await StartAsync();
        await using var _ = server;
        var t = ZegoCallback.NowMs - 1000;
        Assert.Equal(HttpStatusCode.OK, (await server.Client.PostAsync("/zego/callback", IngestServer.Zego.RoomCreate("m", "3", t).Signed().AsJson())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.PostAsync("/zego/callback", IngestServer.Zego.Login("m", "3", "u", "s", t).Signed().AsJson())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Client.PostAsync("/zego/callback", IngestServer.Zego.RoomCreate("m", "3", t).Signed("wrong").AsJson())).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await server.Client.PostAsync("/zego/callback", IngestServer.Zego.RoomCreate("", "3", t).Signed().AsJson())).StatusCode);

        var lines = (await server.Client.GetStringAsync("/metrics")).Split('\n');

        AssertSample(lines, "kafkarooms_ingest_callbacks_total", ["event=\"room_create\"", "outcome=\"published\""], 1);
        AssertSample(lines, "kafkarooms_ingest_callbacks_total", ["event=\"room_login\"", "outcome=\"published\""], 1);
        AssertSample(lines, "kafkarooms_ingest_callbacks_total", ["event=\"room_create\"", "outcome=\"rejected\""], 1);
        AssertSample(lines, "kafkarooms_ingest_signature_failures_total", ["reason=\"mismatch\""], 1);
        AssertSample(lines, "kafkarooms_ingest_rejects_total", ["reason=\"signature\""], 1);
        AssertSample(lines, "kafkarooms_ingest_rejects_total", ["reason=\"invalid_field\""], 1);
        AssertSample(lines, "kafkarooms_ingest_publish_duration_seconds_count", ["result=\"confirmed\""], 2);
    }

    [Fact]
    public async Task Logs_never_contain_the_secret_or_a_signature()
    {
        var (server, _) = await StartAsync();
        await using var _ = server;
        var t = ZegoCallback.NowMs - 1000;
        var good = IngestServer.Zego.RoomCreate("logs", "3", t).Signed();
        var bad = IngestServer.Zego.RoomCreate("logs", "3", t).Signed("wrong-secret");
        Assert.Equal(HttpStatusCode.OK, (await server.Client.PostAsync("/zego/callback", good.AsJson())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Client.PostAsync("/zego/callback", bad.AsJson())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Client.PostAsync("/zego/callback",
            IngestServer.Zego.RoomCreate("logs", "3", t).Signed(timestampSeconds: DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 3600).AsJson())).StatusCode);

        var entries = server.Logs.Entries;
        Assert.Contains(entries, e => e.Level == LogLevel.Warning && e.Text.Contains("refused (401)", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.Text.Contains(IngestServer.Secret, StringComparison.Ordinal));
        foreach (var body in new[] { good.ToJson(), bad.ToJson() })
        {
            var signature = JsonDocument.Parse(body).RootElement.GetProperty("signature").GetString()!;
            Assert.DoesNotContain(entries, e => e.Text.Contains(signature, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task The_development_switch_logs_a_warning_and_lets_unsigned_callbacks_through()
    {
        var (server, topic) = await StartAsync(new() { ["Zego:AllowUnsignedCallbacks"] = "true" });
        await using var _ = server;

        var response = await server.Client.PostAsync("/zego/callback", IngestServer.Zego.RoomCreate("dev", "3", ZegoCallback.NowMs).AsJson());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, topic.MessageCount());
        Assert.Contains(server.Logs.Entries, e => e.Level == LogLevel.Warning && e.Text.Contains("AllowUnsignedCallbacks", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unsigned_callbacks_are_refused_by_default_and_no_warning_is_logged()
    {
        var (server, topic) = await StartAsync();
        await using var _ = server;

        var response = await server.Client.PostAsync("/zego/callback", IngestServer.Zego.RoomCreate("dev", "3", ZegoCallback.NowMs).AsJson());

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "signature");
        Assert.Equal(0, topic.MessageCount());
        Assert.DoesNotContain(server.Logs.Entries, e => e.Text.Contains("AllowUnsignedCallbacks", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Ingest:PublishTimeout", "00:00:00", "PublishTimeout")]
    [InlineData("Ingest:MaxBodyBytes", "10", "MaxBodyBytes")]
    [InlineData("Zego:Apps:prod:CallbackSecret", "x", "Zego:Apps:prod")]
    [InlineData("Zego:Apps:1:CallbackSecret", "", "Zego:Apps:1:CallbackSecret")]
    [InlineData("Zego:TimestampTolerance", "00:00:00", "TimestampTolerance")]
    [InlineData("Kafka:CallbacksTopic", "bad topic name", "CallbacksTopic")]
    [InlineData("Kafka:Client:no.such.setting", "1", "no.such.setting")]
    public async Task A_bad_setting_stops_the_start_naming_it(string key, string value, string named)
    {
        var name = await kafka.CreateTopicAsync(1, "ops-bad");
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => IngestServer.StartAsync(kafka.BootstrapServers, name,
            new Dictionary<string, string?> { [key] = value, ["RoomState:Redis"] = redis.ConnectionString }));
        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("integration-test-secret", ex.Message, StringComparison.Ordinal);
    }

    private static void AssertSample(string[] lines, string metric, string[] labels, double atLeast)
    {
        var samples = lines.Where(l => l.StartsWith(metric + "{", StringComparison.Ordinal) && labels.All(label => l.Contains(label, StringComparison.Ordinal))).ToList();
        Assert.True(samples.Count == 1, $"{metric} with {string.Join(',', labels)}: {samples.Count} samples in\n{string.Join('\n', lines.Where(l => l.StartsWith("kafkarooms", StringComparison.Ordinal)))}");
        var value = double.Parse(samples[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(value >= atLeast, $"{samples[0]}: expected at least {atLeast}");
    }
}
