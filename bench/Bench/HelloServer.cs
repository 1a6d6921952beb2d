namespace KafkaRooms.Bench;

/// <summary>
/// The hello-world limit for Ingest: the same host builder and Kestrel defaults, an endpoint that
/// answers {"code":0} without reading, verifying or publishing anything.
/// </summary>
internal static class HelloServer
{
    public static async Task RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var app = builder.Build();
        app.MapGet("/healthz", () => TypedResults.Ok());
        app.MapPost("/zego/callback", () => TypedResults.Text("{\"code\":0}", "application/json"));
        await app.RunAsync();
    }
}
