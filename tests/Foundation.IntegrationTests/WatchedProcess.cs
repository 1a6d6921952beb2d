using System.Diagnostics;
using System.Text;

namespace KafkaRooms.Foundation.IntegrationTests;

/// <summary>A program a test starts and watches: its stdout and stderr collected as they come.</summary>
internal sealed class WatchedProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private bool _disposed;

    private WatchedProcess(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, line) => Append(line.Data);
        _process.ErrorDataReceived += (_, line) => Append(line.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public bool HasExited => _disposed || _process.HasExited;

    /// <summary>Everything printed so far, stdout and stderr interleaved.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static WatchedProcess Start(ProcessStartInfo start) => new(start);

    /// <summary>Waits until the output holds <paramref name="text"/>; fails the test, showing the output, when the program exits first or time runs out.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited && !Output.Contains(text, StringComparison.Ordinal))
            {
                Assert.Fail($"exited with code {_process.ExitCode} before printing \"{text}\":\n{Output}");
            }

            Assert.True(DateTime.UtcNow < deadline, $"\"{text}\" not printed within {timeout}:\n{Output}");
            await Task.Delay(100);
        }
    }

    /// <summary>The exit code, once every line of output is in; fails the test when the program runs longer than <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"still running after {timeout}:\n{Output}");
        }

        return _process.ExitCode;
    }

    public void Signal(string signal) => CommandLine.Signal(Id, signal);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            Signal("TERM");
            if (!_process.WaitForExit(30_000))
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
