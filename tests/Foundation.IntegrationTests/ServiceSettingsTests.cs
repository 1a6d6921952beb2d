using System.Diagnostics;
using KafkaRooms.Testing;

namespace KafkaRooms.Foundation.IntegrationTests;

/// <summary>The built services read the appsettings.json beside their dll, whatever the working directory (make run, Docker, a service manager).</summary>
public sealed class ServiceSettingsTests
{
    [Theory]
    [InlineData("Ingest")]
    [InlineData("Worker")]
    public async Task A_service_started_from_another_directory_reads_the_appsettings_beside_its_dll(string project)
    {
        var dll = RepositoryLayout.Program(project);
        var elsewhere = Directory.CreateTempSubdirectory($"settings-{project}-").FullName;
        var url = $"http://127.0.0.1:{FreePorts.Next()}";
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = elsewhere };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(url);
        // Nothing answers on these: the service starts and serves /healthz all the same.
        start.Environment["Kafka__BootstrapServers"] = $"127.0.0.1:{FreePorts.Next()}";
        start.Environment["RoomState__Redis"] = $"127.0.0.1:{FreePorts.Next()}";
        start.Environment["Zego__Apps__1__CallbackSecret"] = "settings-test-secret";
        using var service = WatchedProcess.Start(start);
        try
        {
            await service.WaitForOutputAsync("Application started.", TimeSpan.FromSeconds(60));
            using var client = new HttpClient();
            for (var request = 0; request < 3; request++)
            {
                (await client.GetAsync($"{url}/healthz")).EnsureSuccessStatusCode();
            }

            service.Signal("TERM");
            await service.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            Directory.Delete(elsewhere, recursive: true);
        }

        Assert.Contains($"Content root path: {Path.GetDirectoryName(dll)}{Path.DirectorySeparatorChar}", service.Output);
        // appsettings.json sets Microsoft.AspNetCore to Warning; without it every request logs
        // "Request starting" / "Request finished" at Information (the default level, which the
        // Information lines above show is on).
        Assert.DoesNotContain("Microsoft.AspNetCore.Hosting.Diagnostics", service.Output);
        Assert.DoesNotContain("Request starting", service.Output);
    }
}
