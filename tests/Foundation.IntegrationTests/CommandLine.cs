using System.Diagnostics;

namespace KafkaRooms.Foundation.IntegrationTests;

/// <summary>Other programs (kcat, redis-cli, kill) run the way a developer runs them.</summary>
internal static class CommandLine
{
    /// <summary>Runs <paramref name="file"/> to its end with <paramref name="input"/> on stdin; fails the test on a non-zero exit.</summary>
    public static async Task<string> RunAsync(string file, string input, params string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(cancel.Token);
        var errors = process.StandardError.ReadToEndAsync(cancel.Token);
        await process.WaitForExitAsync(cancel.Token);
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {await errors}");
        return await output;
    }

    /// <summary>Sends a signal (TERM, INT, KILL) to one process, as an orchestrator or a terminal's Ctrl-C would.</summary>
    public static void Signal(int processId, string signal)
    {
        using var kill = Process.Start("kill", ["-s", signal, processId.ToString()])!;
        kill.WaitForExit();
    }
}
