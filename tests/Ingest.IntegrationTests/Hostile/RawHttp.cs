using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace KafkaRooms.Ingest.IntegrationTests.Hostile;

/// <summary>
/// What came back on a raw connection: the final (non-1xx) response (status 0 when the server
/// just closed) and how many bytes followed it (a second response would mean a second request
/// was read out of the first one's body).
/// </summary>
internal sealed record RawAnswer(int Status, IReadOnlyDictionary<string, string> Headers, string Body, int BytesAfter = 0)
{
    public string? ContentType => Headers.GetValueOrDefault("content-type");
}

/// <summary>
/// HTTP/1.1 over a plain socket, for requests no well-behaved client writes: broken chunk
/// framing, conflicting length headers, bodies that trickle in. Writes the request (in parts,
/// with pauses, when asked), then reads one response.
/// </summary>
internal static class RawHttp
{
    public static byte[] Request(string head, string body = "") => Encoding.UTF8.GetBytes(head.ReplaceLineEndings("\r\n") + body);

    public static byte[] Request(string head, byte[] body) => [.. Encoding.UTF8.GetBytes(head.ReplaceLineEndings("\r\n")), .. body];

    /// <summary>
    /// A POST to the callback URL with these extra header lines and this body as written (no
    /// framing added). Unless kept alive, the connection is closed after the answer.
    /// </summary>
    public static byte[] Post(string headers, string body, bool keepAlive = false) =>
        Request($"POST /zego/callback HTTP/1.1\nHost: localhost\n{(keepAlive ? "" : "Connection: close\n")}{headers}\n\n", body);

    /// <summary>A POST whose Content-Length is the body's length.</summary>
    public static byte[] PostSized(string headers, string body) =>
        Post($"{headers}\nContent-Length: {Encoding.UTF8.GetByteCount(body)}", body);

    /// <summary>A chunked body, framed correctly, from these chunks.</summary>
    public static string Chunked(params string[] chunks) =>
        string.Concat(chunks.Select(c => $"{Encoding.UTF8.GetByteCount(c):x}\r\n{c}\r\n")) + "0\r\n\r\n";

    public static async Task<RawAnswer> SendAsync(Uri server, byte[] request, CancellationToken cancellationToken = default) =>
        await SendAsync(server, [request], TimeSpan.Zero, halfClose: false, cancellationToken: cancellationToken);

    /// <summary>
    /// Writes each part, pausing between parts; stops writing when the server has closed its
    /// side; optionally half-closes (FIN) after the last part; then reads the response, and for
    /// <paramref name="linger"/> longer whatever else the server sends.
    /// </summary>
    public static async Task<RawAnswer> SendAsync(
        Uri server, IReadOnlyList<byte[]> parts, TimeSpan pause, bool halfClose, TimeSpan linger = default, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(server.Host, server.Port, timeout.Token);
        var stream = client.GetStream();
        var received = new MemoryStream();
        var reading = ReadAllAsync(stream, received, timeout.Token);
        for (var i = 0; i < parts.Count && !reading.IsCompleted; i++)
        {
            if (i > 0 && pause > TimeSpan.Zero)
            {
                await Task.WhenAny(Task.Delay(pause, timeout.Token), reading);
                if (reading.IsCompleted)
                {
                    break;
                }
            }

            try
            {
                await stream.WriteAsync(parts[i], timeout.Token);
            }
            catch (IOException)
            {
                break; // the server answered and closed while the request was still being written
            }
        }

        if (halfClose && !reading.IsCompleted)
        {
            client.Client.Shutdown(SocketShutdown.Send);
        }

        await reading;
        var answer = Parse(received.ToArray());
        if (linger > TimeSpan.Zero && answer.Status != 0)
        {
            var before = received.Length;
            using var lingering = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
            lingering.CancelAfter(linger);
            await ReadMoreAsync(stream, received, lingering.Token);
            answer = answer with { BytesAfter = (int)(received.Length - before) };
        }

        return answer;
    }

    private static async Task ReadMoreAsync(NetworkStream stream, MemoryStream received, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // Nothing more within the linger time, or the server closed the connection.
        }
    }

    /// <summary>Reads until one final response is complete or the server closes the connection.</summary>
    private static async Task ReadAllAsync(NetworkStream stream, MemoryStream received, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        while (!IsComplete(received.ToArray()))
        {
            int read;
            try
            {
                read = await stream.ReadAsync(buffer, cancellationToken);
            }
            catch (IOException)
            {
                return; // reset after the answer
            }

            if (read == 0)
            {
                return;
            }

            received.Write(buffer, 0, read);
        }
    }

    private static bool IsComplete(byte[] data) => TryParse(data, requireComplete: true, out _);

    private static RawAnswer Parse(byte[] data) =>
        TryParse(data, requireComplete: false, out var answer) ? answer! : new RawAnswer(0, new Dictionary<string, string>(), "");

    private static bool TryParse(byte[] data, bool requireComplete, out RawAnswer? answer)
    {
        answer = null;
        var offset = 0;
        while (true)
        {
            var text = Encoding.Latin1.GetString(data, offset, data.Length - offset);
            var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (headEnd < 0)
            {
                return false;
            }

            var lines = text[..headEnd].Split("\r\n");
            var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var line in lines.Skip(1))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }

            var bodyStart = offset + headEnd + 4;
            if (status is >= 100 and < 200)
            {
                offset = bodyStart; // 100 Continue: the real answer follows
                continue;
            }

            var rest = data.AsSpan(bodyStart);
            byte[]? body;
            if (headers.TryGetValue("content-length", out var length))
            {
                var n = int.Parse(length, CultureInfo.InvariantCulture);
                body = rest.Length >= n ? rest[..n].ToArray() : null;
            }
            else if (headers.TryGetValue("transfer-encoding", out var coding) && coding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            {
                body = Dechunk(rest);
            }
            else
            {
                body = requireComplete ? null : rest.ToArray();
            }

            if (body is null)
            {
                if (requireComplete)
                {
                    return false;
                }

                body = rest.ToArray();
            }

            answer = new RawAnswer(status, headers, Encoding.UTF8.GetString(body));
            return true;
        }
    }

    /// <summary>The body of a complete chunked response, or null while it is incomplete.</summary>
    private static byte[]? Dechunk(ReadOnlySpan<byte> data)
    {
        var body = new MemoryStream();
        while (true)
        {
            var lineEnd = data.IndexOf("\r\n"u8);
            if (lineEnd < 0)
            {
                return null;
            }

            var size = int.Parse(Encoding.ASCII.GetString(data[..lineEnd]).Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            data = data[(lineEnd + 2)..];
            if (size == 0)
            {
                return body.ToArray();
            }

            if (data.Length < size + 2)
            {
                return null;
            }

            body.Write(data[..size]);
            data = data[(size + 2)..];
        }
    }
}
