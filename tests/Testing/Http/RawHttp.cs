using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace KafkaRooms.Testing.Http;

/// <summary>
/// HTTP/1.1 written byte for byte: request targets HttpClient would normalise (dot segments,
/// absolute form, raw non-ASCII bytes), any method, broken framing.
/// </summary>
public static class RawHttp
{
    /// <summary>
    /// Sends <c>{method} {target} HTTP/1.1</c> with Host and Connection: close, plus
    /// <paramref name="extra"/> as given (header lines, or header lines, a blank line and a body),
    /// and reads the whole answer.
    /// </summary>
    public static async Task<RawResponse> SendAsync(Uri server, string method, string target, string extra = "", CancellationToken cancellationToken = default)
    {
        var head = $"{method} {target} HTTP/1.1\r\nHost: {server.Authority}\r\nConnection: close\r\n{extra}";
        // Extra headers end the head themselves when they carry a body.
        if (!extra.Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            head += "\r\n";
        }

        // The target goes out as UTF-8 so a test can put raw non-ASCII bytes on the wire.
        return await SendBytesAsync(server, Encoding.UTF8.GetBytes(head), cancellationToken);
    }

    public static async Task<RawResponse> SendBytesAsync(Uri server, byte[] request, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(request, timeout.Token);
        using var answer = new MemoryStream();
        await stream.CopyToAsync(answer, timeout.Token);
        return RawResponse.Parse(answer.ToArray());
    }
}

/// <summary>Status, headers (names lower-cased, last one wins) and the body, de-chunked.</summary>
public sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? MediaType => Headers.TryGetValue("content-type", out var type) ? type.Split(';')[0].Trim() : null;

    public static RawResponse Parse(byte[] bytes)
    {
        var text = Encoding.Latin1.GetString(bytes);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            throw new InvalidDataException($"no complete response head in {bytes.Length} bytes: {text}");
        }

        var lines = text[..end].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
        }

        var body = bytes.AsSpan(end + 4).ToArray();
        if (headers.TryGetValue("transfer-encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = Dechunk(body);
        }

        return new RawResponse(status, headers, Encoding.UTF8.GetString(body));
    }

    private static byte[] Dechunk(byte[] chunked)
    {
        var output = new MemoryStream();
        var position = 0;
        while (true)
        {
            var lineEnd = IndexOfCrLf(chunked, position);
            var sizeText = Encoding.ASCII.GetString(chunked, position, lineEnd - position).Split(';')[0];
            var size = int.Parse(sizeText, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            position = lineEnd + 2;
            if (size == 0)
            {
                return output.ToArray();
            }

            output.Write(chunked, position, size);
            position += size + 2;
        }
    }

    private static int IndexOfCrLf(byte[] bytes, int from)
    {
        for (var i = from; i + 1 < bytes.Length; i++)
        {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n')
            {
                return i;
            }
        }

        throw new InvalidDataException("chunked body without a line end");
    }
}
