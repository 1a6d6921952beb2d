using System.Net;
using KafkaRooms.Testing.Redis;

namespace KafkaRooms.ReadApi.IntegrationTests;

/// <summary>The read API's readiness is Redis's; liveness and metrics are the service defaults'.</summary>
[Collection(ReadApiCollection.Name)]
public sealed class OperationsTests(RedisServerFixture redis)
{
    [Fact]
    public async Task Readyz_is_ready_while_redis_answers_and_metrics_count_the_reads()
    {
        await using var server = await ReadApiServer.StartAsync(redis);

        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/healthz")).StatusCode);
        var ready = await server.Client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/v1/apps/1/rooms")).StatusCode);

        var metrics = await server.Client.GetStringAsync("/metrics");
        Assert.Contains("http_server_request_duration_seconds_count{", metrics);
        Assert.Contains("http_route=\"/v1/apps/{appid}/rooms/\"", metrics);
    }

    [Fact]
    public async Task Readyz_is_unavailable_while_redis_is_unreachable_and_healthz_stays_alive()
    {
        await using var server = await ReadApiServer.StartWithoutRedisAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await server.Client.GetAsync("/readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/healthz")).StatusCode);
    }
}
