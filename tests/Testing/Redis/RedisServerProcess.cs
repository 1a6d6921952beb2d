using System.Diagnostics;

namespace KafkaRooms.Testing.Redis;

/// <summary>One redis-server child process on a loopback port, with its own data folder.</summary>
internal sealed class RedisServerProcess : IDisposable
{
    /// <summary>The snapshot file redis-server writes on SAVE and loads at start, in <see cref="DataDirectory"/>.</summary>
    public const string DumpFile = "dump.rdb";

    private readonly string _executable;
    private readonly string[] _extraArguments;
    private Process? _process;

    public RedisServerProcess(string executable, int port, string dataDirectory, params string[] extraArguments)
    {
        _executable = executable;
        Port = port;
        DataDirectory = dataDirectory;
        _extraArguments = extraArguments;
    }

    public int Port { get; }

    public string DataDirectory { get; }

    public void Start()
    {
        Directory.CreateDirectory(DataDirectory);
        var start = new ProcessStartInfo(_executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // No persistence unless a test saves on purpose; the dump file, if any, is loaded on start.
        foreach (var argument in (string[])["--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                     "--dir", DataDirectory, "--dbfilename", DumpFile, "--protected-mode", "no", "--daemonize", "no", .. _extraArguments])
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {_executable}");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process is { HasExited: true })
            {
                throw new InvalidOperationException($"redis-server on port {Port} exited with code {_process.ExitCode} at start.");
            }

            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                var stream = client.GetStream();
                await stream.WriteAsync("PING\r\n"u8.ToArray());
                var buffer = new byte[64];
                var read = await stream.ReadAsync(buffer);
                if (read > 0 && buffer[0] == (byte)'+')
                {
                    return;
                }
            }
            catch (System.Net.Sockets.SocketException)
            {
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"redis-server on port {Port} did not answer PING within {timeout}.");
    }

    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process?.Dispose();
        _process = null;
    }

    public void Dispose() => Kill();
}
