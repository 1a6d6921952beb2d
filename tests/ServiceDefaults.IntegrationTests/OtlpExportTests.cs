using System.Text;
using KafkaRooms.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace KafkaRooms.ServiceDefaults.IntegrationTests;

/// <summary>OTLP export is off by default and carries traces, metrics and logs with the service's resource once its endpoint is set.</summary>
public sealed class OtlpExportTests
{
    [Fact]
    public void Without_the_endpoint_variable_no_otlp_exporter_is_registered()
    {
        Assert.False(RegistersOtlpExporter(new Dictionary<string, string?>()));
        Assert.False(RegistersOtlpExporter(new Dictionary<string, string?> { [TelemetryDefaults.OtlpEndpointVariable] = " " }));
        Assert.True(RegistersOtlpExporter(new Dictionary<string, string?> { [TelemetryDefaults.OtlpEndpointVariable] = "http://127.0.0.1:4318" }));
    }

    [Fact]
    public async Task With_the_endpoint_set_traces_metrics_and_logs_reach_the_collector_with_the_service_resource()
    {
        await using var collector = await OtlpReceiver.StartAsync();
        await using var service = await TestService.StartAsync($"http://127.0.0.1:{FreePorts.Next()}",
            app => app.MapGet("/hello", (ILoggerFactory logs) =>
            {
                logs.CreateLogger("KafkaRooms.Test").LogWarning("said hello");
                return "hi";
            }),
            new Dictionary<string, string?>
            {
                [TelemetryDefaults.OtlpEndpointVariable] = collector.Url,
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            });

        Assert.Equal("hi", await service.Client.GetStringAsync("/hello"));
        Assert.Equal("Healthy", await service.Client.GetStringAsync("/healthz"));
        Assert.True(service.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000));
        // Not asserted: the Prometheus reader refuses a collect outside a scrape, the OTLP one still exports.
        service.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000);
        Assert.True(service.Services.GetRequiredService<LoggerProvider>().ForceFlush(10_000));

        // A flush that returned can still leave an export on its way to the collector (seen once
        // with logs on a busy machine): wait for all three, at most 10 s, before asserting.
        for (var waited = 0; waited < 100 && collector.Signals.Count < 3; waited++)
        {
            await Task.Delay(100);
        }

        Assert.Equal(["logs", "metrics", "traces"], collector.Signals.Order());
        foreach (var signal in new[] { "traces", "metrics", "logs" })
        {
            var text = Encoding.UTF8.GetString(collector.Bodies(signal).SelectMany(body => body).ToArray());
            Assert.Contains(TestService.Name, text, StringComparison.Ordinal);
            Assert.Contains(TelemetryDefaults.Version, text, StringComparison.Ordinal);
            Assert.Contains(TelemetryDefaults.InstanceId, text, StringComparison.Ordinal);
        }

        var traces = Encoding.UTF8.GetString(collector.Bodies("traces").SelectMany(body => body).ToArray());
        Assert.Contains("/hello", traces, StringComparison.Ordinal);
        // Probes and scrapes stay out of traces.
        Assert.DoesNotContain("/healthz", traces, StringComparison.Ordinal);
        Assert.Contains("said hello", Encoding.UTF8.GetString(collector.Bodies("logs").SelectMany(body => body).ToArray()), StringComparison.Ordinal);
    }

    private static bool RegistersOtlpExporter(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddServiceDefaults(TestService.Name, "http://127.0.0.1:1");
        var otlp = typeof(OtlpExporterOptions).Assembly;
        return builder.Services.Any(service =>
            service.ServiceType.Assembly == otlp
            || service.ServiceType.GenericTypeArguments.Any(argument => argument.Assembly == otlp)
            || service.ImplementationType?.Assembly == otlp);
    }
}
