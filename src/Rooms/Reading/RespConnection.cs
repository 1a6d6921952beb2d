using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using KafkaRooms.Rooms.Redis;
using StackExchange.Redis;

namespace KafkaRooms.Rooms.Reading;

/// <summary>
/// A plain RESP2 connection to one Redis server, for the change feed's blocking reads only.
/// StackExchange.Redis multiplexes every command of a process over one connection per server and
/// does not support blocking commands on it (an XREAD BLOCK would stall everything queued behind
/// it, heartbeats included), so a blocking read gets a socket of its own. It speaks the handful of
/// commands the feed needs: AUTH, SELECT, CLIENT SETNAME and XREAD.
/// </summary>
internal sealed class RespConnection : IAsyncDisposable
{
    private const int InitialBuffer = 16 * 1024;

    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly RespReplyBuffer _replies = new(InitialBuffer);

    private RespConnection(Socket socket, Stream stream)
    {
        _socket = socket;
        _stream = stream;
    }

    /// <summary>Connects, with the TLS, user, password and database of <paramref name="options"/>, and names the connection.</summary>
    public static async Task<RespConnection> ConnectAsync(EndPoint endpoint, ConfigurationOptions options, string clientName, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        RespConnection? connection = null;
        try
        {
            using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                connectTimeout.CancelAfter(options.ConnectTimeout);
                await socket.ConnectAsync(endpoint, connectTimeout.Token).ConfigureAwait(false);
            }

            Stream stream = new NetworkStream(socket, ownsSocket: false);
            if (options.Ssl)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = options.SslHost ?? HostOf(endpoint),
                    EnabledSslProtocols = options.SslProtocols ?? default,
                }, cancellationToken).ConfigureAwait(false);
                stream = tls;
            }

            connection = new RespConnection(socket, stream);
            if (options.Password is { Length: > 0 } password)
            {
                await connection.ExecuteAsync(options.User is { Length: > 0 } user ? ["AUTH", user, password] : ["AUTH", password], cancellationToken).ConfigureAwait(false);
            }

            if (options.DefaultDatabase is { } database and not 0)
            {
                await connection.ExecuteAsync(["SELECT", database.ToString(CultureInfo.InvariantCulture)], cancellationToken).ConfigureAwait(false);
            }

            // The name shows operators (CLIENT LIST) whose blocked client this is.
            await connection.ExecuteAsync(["CLIENT", "SETNAME", clientName], cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                socket.Dispose();
            }

            throw;
        }
    }

    /// <summary>
    /// Sends one command and reads its reply: a string, a long, null, or an array of those. An
    /// error reply throws <see cref="RedisServerException"/> with the server's message.
    /// </summary>
    public async Task<object?> ExecuteAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var request = new ArrayBufferWriter<byte>();
        WriteLine(request, '*', arguments.Count);
        foreach (var argument in arguments)
        {
            var bytes = Encoding.UTF8.GetBytes(argument);
            WriteLine(request, '$', bytes.Length);
            request.Write(bytes);
            request.Write("\r\n"u8);
        }

        await _stream.WriteAsync(request.WrittenMemory, cancellationToken).ConfigureAwait(false);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        return await ReadReplyAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync().ConfigureAwait(false);
        _socket.Dispose();
    }

    private static string HostOf(EndPoint endpoint) => endpoint switch
    {
        DnsEndPoint dns => dns.Host,
        IPEndPoint ip => ip.Address.ToString(),
        _ => endpoint.ToString() ?? "",
    };

    private static void WriteLine(ArrayBufferWriter<byte> request, char type, int number)
    {
        request.Write([(byte)type]);
        request.Write(Encoding.ASCII.GetBytes(number.ToString(CultureInfo.InvariantCulture)));
        request.Write("\r\n"u8);
    }

    private async Task<object?> ReadReplyAsync(CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
        var rest = line[1..];
        switch (line[0])
        {
            case '+':
                return rest;
            case '-':
                throw new RedisServerException(rest.StartsWith("MOVED ", StringComparison.Ordinal) ? RedisErrorKind.Moved : RedisErrorKind.Unknown, CommandFlags.None, rest);
            case ':':
                return long.Parse(rest, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            case '$':
                var length = int.Parse(rest, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                if (length < 0)
                {
                    return null;
                }

                string? text;
                while ((text = _replies.TryTakeBody(length)) is null)
                {
                    await ReceiveAsync(length + 2, cancellationToken).ConfigureAwait(false);
                }

                return text;
            case '*':
                var count = int.Parse(rest, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                if (count < 0)
                {
                    return null;
                }

                var items = new object?[count];
                for (var i = 0; i < count; i++)
                {
                    items[i] = await ReadReplyAsync(cancellationToken).ConfigureAwait(false);
                }

                return items;
            default:
                throw new InvalidDataException($"Unexpected RESP reply type '{line[0]}'.");
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_replies.TryTakeLine(out var needed) is { } line)
            {
                return line;
            }

            await ReceiveAsync(needed, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ReceiveAsync(int unread, CancellationToken cancellationToken)
    {
        var read = await _stream.ReadAsync(_replies.FreeSpace(unread), cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            throw new EndOfStreamException("Redis closed the connection.");
        }

        _replies.Received(read);
    }
}
