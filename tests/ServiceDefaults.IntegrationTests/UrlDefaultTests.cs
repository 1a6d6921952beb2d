using System.Net;
using System.Net.Sockets;
using KafkaRooms.Testing;

namespace KafkaRooms.ServiceDefaults.IntegrationTests;

/// <summary>Each service passes its default URL; ASPNETCORE_URLS, --urls and "urls" win over it.</summary>
public sealed class UrlDefaultTests
{
    [Fact]
    public async Task A_service_listens_on_its_default_url_when_none_is_configured()
    {
        var url = $"http://127.0.0.1:{FreePorts.Next()}";

        await using var service = await TestService.StartAsync(url, _ => { });

        Assert.Equal(url, Assert.Single(service.App.Urls));
        Assert.Equal(HttpStatusCode.OK, (await service.Client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task Configured_urls_win_over_the_default()
    {
        var (configured, unused) = ($"http://127.0.0.1:{FreePorts.Next()}", FreePorts.Next());

        await using var service = await TestService.StartAsync($"http://127.0.0.1:{unused}", _ => { },
            new Dictionary<string, string?> { ["urls"] = configured });

        Assert.Equal(configured, Assert.Single(service.App.Urls));
        Assert.Equal(HttpStatusCode.OK, (await service.Client.GetAsync("/healthz")).StatusCode);
        await AssertNothingListensAsync(unused);
    }

    [Fact]
    public async Task The_urls_command_line_argument_wins_over_the_default()
    {
        var (configured, unused) = ($"http://127.0.0.1:{FreePorts.Next()}", FreePorts.Next());

        await using var service = await TestService.StartAsync($"http://127.0.0.1:{unused}", _ => { }, args: ["--urls", configured]);

        Assert.Equal(configured, Assert.Single(service.App.Urls));
        await AssertNothingListensAsync(unused);
    }

    private static async Task AssertNothingListensAsync(int port)
    {
        using var client = new TcpClient();
        await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync(IPAddress.Loopback, port));
    }
}
