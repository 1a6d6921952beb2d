using Microsoft.AspNetCore.Builder;

namespace KafkaRooms.ServiceDefaults.IntegrationTests;

/// <summary>A small service wired like the real ones (AddServiceDefaults, MapDefaultEndpoints), plus a test's own endpoints.</summary>
internal static class TestService
{
    public const string Name = "kafkarooms-defaults-test";

    public static Task<WebService> StartAsync(
        string defaultUrl,
        Action<WebApplication> map,
        IDictionary<string, string?>? settings = null,
        string environment = "Testing",
        string[]? args = null) =>
        WebService.StartAsync(
            settings ?? new Dictionary<string, string?>(),
            builder => builder.AddServiceDefaults(Name, defaultUrl),
            app =>
            {
                app.MapDefaultEndpoints();
                map(app);
            },
            environment: environment,
            args: args);
}
