using System.Diagnostics;
using System.Net;
using KafkaRooms.FakeZego;
using KafkaRooms.Ingest;
using KafkaRooms.Rooms.Reading;
using KafkaRooms.Rooms.Redis;
using KafkaRooms.Testing.Kafka;
using KafkaRooms.Testing.Redis;
using KafkaRooms.Worker.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;
using OpenTelemetry.Trace;

namespace KafkaRooms.ServiceDefaults.IntegrationTests;

/// <summary>A callback can be followed across the Kafka hop: Ingest's HTTP request and the Worker's apply share one trace.</summary>
[Collection(PipelineCollection.Name)]
public sealed class TraceAcrossKafkaTests(KafkaFixture kafka, RedisServerFixture redis)
{
    private static readonly ZegoApp Zego = new(1, "trace-test-secret-41c9");

    [Fact]
    public async Task The_apply_of_a_callback_is_a_child_of_its_http_request_in_one_trace()
    {
        var topic = await kafka.CreateTopicAsync(1, "trace");
        await kafka.CreateTopicAsync(1, topic + ".dlt");
        var prefix = redis.NewKeyPrefix();
        var settings = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Kafka:BootstrapServers"] = kafka.BootstrapServers,
            ["Kafka:CallbacksTopic"] = topic,
            ["Kafka:DeadLetterTopic"] = topic + ".dlt",
            [$"Zego:Apps:{Zego.AppId}:CallbackSecret"] = Zego.CallbackSecret,
            ["Worker:GroupId"] = $"trace-{Guid.NewGuid():N}",
            ["Worker:MaxBatchWait"] = "00:00:00.010",
            ["Worker:SessionTimeout"] = "00:00:06",
            ["Worker:MaxPollInterval"] = "00:00:30",
            ["RoomState:Redis"] = redis.ConnectionString,
            ["RoomState:KeyPrefix"] = prefix,
            ["Logging:LogLevel:Default"] = "Warning",
            // Ingest samples 1 % of callbacks by default (docs/ingest-api.md); this one must be traced.
            ["OTEL_TRACES_SAMPLER"] = "parentbased_always_on",
        };
        var (ingestSpans, workerSpans) = (new ExportedActivities(), new ExportedActivities());

        await using var worker = await StartAsync(settings, workerSpans, builder => builder.AddWorker(), app => app.MapWorker());
        await using var ingest = await StartAsync(settings, ingestSpans, builder => builder.AddIngest(), app => app.MapIngest());
        var answer = await ingest.Client.PostAsync("/zego/callback", Zego.RoomCreate("traced-room", "77", ZegoCallback.NowMs - 1000).Signed().AsJson());
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);

        var apply = await WaitForAsync(workerSpans, span => span.Source.Name == "KafkaRooms.Worker");
        var request = ingestSpans.Snapshot().Single(span =>
            span.Source.Name == "Microsoft.AspNetCore" && span.GetTagItem("url.path") as string == "/zego/callback");
        Assert.Equal(request.TraceId, apply.TraceId);
        Assert.Equal(request.SpanId, apply.ParentSpanId);
        Assert.Equal(ActivityKind.Consumer, apply.Kind);
        Assert.Equal(topic, apply.GetTagItem("messaging.destination.name"));

        // The traced apply is the one that made the room visible.
        var reader = new RoomReader(redis.Connection, Options.Create(new RoomStateOptions { KeyPrefix = prefix }));
        Assert.NotNull(await reader.GetRoomAsync(Zego.AppId, "traced-room"));
    }

    private static Task<WebService> StartAsync(
        Dictionary<string, string?> settings, ExportedActivities spans, Action<WebApplicationBuilder> add, Action<WebApplication> map) =>
        WebService.StartAsync(settings, builder =>
        {
            add(builder);
            builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans));
        }, map);

    private static async Task<Activity> WaitForAsync(ExportedActivities spans, Func<Activity, bool> match)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            if (spans.Snapshot().FirstOrDefault(match) is { } found)
            {
                return found;
            }

            await Task.Delay(50, deadline.Token);
        }
    }
}
