using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace KafkaRooms.ServiceDefaults.IntegrationTests;

/// <summary>An OTLP/HTTP collector stand-in on a free loopback port: keeps every body posted to /v1/{signal}.</summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<(string Signal, byte[] Body)> _received = new();
    private WebService? _service;

    public string Url => _service!.BaseAddress.ToString().TrimEnd('/');

    public static async Task<OtlpReceiver> StartAsync()
    {
        var receiver = new OtlpReceiver();
        receiver._service = await WebService.StartAsync(
            [new("urls", "http://127.0.0.1:0")], _ => { },
            app => app.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
            {
                using var body = new MemoryStream();
                await request.Body.CopyToAsync(body);
                receiver._received.Enqueue((signal, body.ToArray()));
                return Results.Ok();
            }));
        return receiver;
    }

    /// <summary>The bodies received for a signal (traces, metrics, logs).</summary>
    public IReadOnlyList<byte[]> Bodies(string signal) => [.. _received.Where(r => r.Signal == signal).Select(r => r.Body)];

    public IReadOnlyCollection<string> Signals => [.. _received.Select(r => r.Signal).Distinct()];

    public async ValueTask DisposeAsync()
    {
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }
    }
}
