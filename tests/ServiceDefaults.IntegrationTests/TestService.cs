using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace KafkaRooms.ServiceDefaults.IntegrationTests;

/// <summary>A small service wired like the real ones (AddServiceDefaults, MapDefaultEndpoints), plus a test's own endpoints.</summary>
internal sealed class TestService : IAsyncDisposable
{
    public const string Name = "kafkarooms-defaults-test";

    private TestService(WebApplication app)
    {
        App = app;
        BaseAddress = new Uri(app.Urls.First());
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public static async Task<TestService> StartAsync(
        string defaultUrl,
        Action<WebApplication> map,
        IDictionary<string, string?>? settings = null,
        string environment = "Testing",
        string[]? args = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args ?? [],
            EnvironmentName = environment,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Logging.ClearProviders();
        builder.AddServiceDefaults(Name, defaultUrl);
        var app = builder.Build();
        app.MapDefaultEndpoints();
        map(app);
        await app.StartAsync();
        return new TestService(app);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
