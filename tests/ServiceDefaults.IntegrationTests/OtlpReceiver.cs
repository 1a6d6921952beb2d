using System.Collections.Concurrent;
using KafkaRooms.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace KafkaRooms.ServiceDefaults.IntegrationTests;

/// <summary>An OTLP/HTTP collector stand-in on a free loopback port: keeps every body posted to /v1/{signal}.</summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Signal, byte[] Body)> _received;

    private OtlpReceiver(WebApplication app, ConcurrentQueue<(string Signal, byte[] Body)> received)
    {
        _app = app;
        _received = received;
    }

    public string Url => _app.Urls.Single();

    public static async Task<OtlpReceiver> StartAsync()
    {
        var received = new ConcurrentQueue<(string Signal, byte[] Body)>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{FreePorts.Next()}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            received.Enqueue((signal, body.ToArray()));
            return Results.Ok();
        });
        await app.StartAsync();
        return new OtlpReceiver(app, received);
    }

    /// <summary>The bodies received for a signal (traces, metrics, logs).</summary>
    public IReadOnlyList<byte[]> Bodies(string signal) => [.. _received.Where(r => r.Signal == signal).Select(r => r.Body)];

    public IReadOnlyCollection<string> Signals => [.. _received.Select(r => r.Signal).Distinct()];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
