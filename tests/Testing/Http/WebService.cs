using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace KafkaRooms.Testing.Http;

/// <summary>
/// A service's real wiring (its Add.../Map... pair) on Kestrel in the test process, configured
/// in memory; give it <c>urls = http://127.0.0.1:0</c> for a free port.
/// </summary>
public sealed class WebService : IAsyncDisposable
{
    private WebService(WebApplication app)
    {
        App = app;
        BaseAddress = new Uri(app.Urls.First());
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public WebApplication App { get; }

    public IServiceProvider Services => App.Services;

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    /// <param name="logs">Where the service logs (nothing is logged elsewhere); none when null.</param>
    public static async Task<WebService> StartAsync(
        IEnumerable<KeyValuePair<string, string?>> settings,
        Action<WebApplicationBuilder> add,
        Action<WebApplication> map,
        ILoggerProvider? logs = null,
        string environment = "Testing",
        string[]? args = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args ?? [],
            EnvironmentName = environment,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        add(builder);
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return new WebService(app);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
