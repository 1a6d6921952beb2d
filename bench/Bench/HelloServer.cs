namespace KafkaRooms.Bench;

/// <summary>
/// The hello-world limit for Ingest: a minimal host built as Ingest's is (the same
/// WebApplication builder and options, Kestrel's defaults, Server GC from the Web SDK, the
/// logging level the benchmark sets for both), without ServiceDefaults (no OpenTelemetry, no
/// exception or status-code middleware, no health checks beyond /healthz), and an endpoint that
/// answers {"code":0} without reading, verifying or publishing anything. Kestrel still reads and
/// discards the request body before it parses the next request on the connection.
/// </summary>
internal static class HelloServer
{
    public static async Task RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        var app = builder.Build();
        app.MapGet("/healthz", () => TypedResults.Ok());
        app.MapPost("/zego/callback", () => TypedResults.Text("{\"code\":0}", "application/json"));
        await app.RunAsync();
    }
}
