using System.Buffers.Text;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using StackExchange.Redis;

namespace KafkaRooms.Rooms.Redis;

/// <summary>
/// A blocking RESP2 connection to one Redis primary on which the caller's own thread sends a
/// small batch's script calls in one write and reads their answers (docs/worker.md, "Under a
/// trickle"). StackExchange.Redis hands every call to its write loop and every answer to the
/// thread pool, several thread wakeups per batch; on a trickle those cost more than the batch.
/// Plain TCP only (a TLS setting turns the inline path off); AUTH and SELECT as configured.
/// </summary>
internal sealed class InlineScriptConnection : IDisposable
{
    /// <summary>The name operators see in CLIENT LIST for the connection a small batch is applied on inline.</summary>
    public const string ClientName = "kafkarooms-inline";

    private static readonly byte[] EvalSha = "$7\r\nEVALSHA\r\n"u8.ToArray();

    private readonly Socket _socket;
    private byte[] _out = new byte[16 * 1024];
    private int _written;
    private readonly RespReplyBuffer _replies = new(4 * 1024);

    private readonly TimeSpan _timeout;

    private InlineScriptConnection(Socket socket, EndPoint endpoint, TimeSpan timeout)
    {
        _socket = socket;
        EndPoint = endpoint;
        _timeout = timeout;
    }

    public EndPoint EndPoint { get; }

    /// <summary>Connects with the user, password and database of <paramref name="options"/>; every answer is awaited at most <paramref name="timeout"/>.</summary>
    /// <remarks>
    /// The socket stays a plain blocking one: .NET turns a socket that ever saw an asynchronous
    /// operation, or has a receive timeout, into one whose blocking calls wait on its epoll thread,
    /// a second wakeup per answer. So the connect is made non-blocking by hand and every read
    /// waits in poll(2) on this thread, bounded by the timeout.
    /// </remarks>
    public static InlineScriptConnection Connect(EndPoint endpoint, ConfigurationOptions options, TimeSpan timeout, string clientName = ClientName)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var connection = new InlineScriptConnection(socket, endpoint, timeout);
        try
        {
            socket.Blocking = false;
            try
            {
                socket.Connect(endpoint);
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
            {
                if (!socket.Poll(timeout, SelectMode.SelectWrite))
                {
                    throw new TimeoutException($"Connecting to {endpoint} took longer than {timeout}.");
                }

                if (socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error) is int error and not 0)
                {
                    throw new SocketException(error);
                }
            }

            socket.Blocking = true;
            if (options.Password is { Length: > 0 } password)
            {
                connection.Command(options.User is { Length: > 0 } user ? ["AUTH", user, password] : ["AUTH", password]);
            }

            if (options.DefaultDatabase is { } database and not 0)
            {
                connection.Command(["SELECT", database.ToString(CultureInfo.InvariantCulture)]);
            }

            connection.Command(["CLIENT", "SETNAME", clientName]);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Buffers one EVALSHA; <see cref="Send"/> writes everything buffered.</summary>
    public void AddEvalSha(byte[] sha1Hex, RedisKey[] keys, RedisValue[] args)
    {
        Header('*', 3 + keys.Length + args.Length);
        Raw(EvalSha);
        Bulk(sha1Hex);
        Span<byte> numkeys = stackalloc byte[11];
        Utf8Formatter.TryFormat(keys.Length, numkeys, out var digits);
        Bulk(numkeys[..digits]);
        foreach (var key in keys)
        {
            Text((string)key!);
        }

        foreach (var arg in args)
        {
            var length = arg.GetByteCount();
            Header('$', length);
            Room(length + 2);
            _written += arg.CopyTo(_out.AsSpan(_written));
            Raw("\r\n"u8);
        }
    }

    public void Send()
    {
        var sent = 0;
        while (sent < _written)
        {
            sent += _socket.Send(_out, sent, _written - sent, SocketFlags.None);
        }

        _written = 0;
    }

    /// <summary>
    /// <see cref="Send"/> for a write that may not fit the socket's buffers (a large batch while
    /// earlier ones are still being answered): it waits for room at most the timeout at a time, so
    /// a Redis that stopped reading fails the write with <see cref="TimeoutException"/> instead of
    /// holding the caller for good. The socket is non-blocking only for the write.
    /// </summary>
    public void SendWithinTimeout()
    {
        var sent = 0;
        _socket.Blocking = false;
        try
        {
            while (sent < _written)
            {
                var count = _socket.Send(_out, sent, _written - sent, SocketFlags.None, out var error);
                if (error == SocketError.WouldBlock)
                {
                    if (!_socket.Poll(_timeout, SelectMode.SelectWrite))
                    {
                        throw new TimeoutException($"Redis at {EndPoint} took no more of a write within {_timeout}.");
                    }

                    continue;
                }

                if (error != SocketError.Success)
                {
                    throw new SocketException((int)error);
                }

                sent += count;
            }
        }
        finally
        {
            _written = 0;
            _socket.Blocking = true;
        }
    }

    /// <summary>Reads the next answer, which must be a bulk string; an error answer throws <see cref="RedisServerException"/>.</summary>
    public string ReadBulkString()
    {
        var line = ReadLine();
        return line[0] switch
        {
            '$' when int.Parse(line.AsSpan(1), CultureInfo.InvariantCulture) is var length and >= 0 => ReadBody(length),
            '-' => throw new RedisServerException(RedisErrorKind.Unknown, CommandFlags.None, line[1..]),
            _ => throw new InvalidDataException($"Unexpected answer to a script call: {line}"),
        };
    }

    public void Dispose() => _socket.Dispose();

    private void Command(string[] arguments)
    {
        Header('*', arguments.Length);
        foreach (var argument in arguments)
        {
            Text(argument);
        }

        Send();
        var line = ReadLine();
        if (line[0] == '-')
        {
            throw new RedisServerException(RedisErrorKind.Unknown, CommandFlags.None, line[1..]);
        }
    }

    private string ReadBody(int length)
    {
        string? body;
        while ((body = _replies.TryTakeBody(length)) is null)
        {
            Receive(length + 2);
        }

        return body;
    }

    private string ReadLine()
    {
        string? line;
        int needed;
        while ((line = _replies.TryTakeLine(out needed)) is null)
        {
            Receive(needed);
        }

        return line;
    }

    // Waits (in poll(2), at most the timeout) until Redis sent more, and buffers it.
    private void Receive(int unread)
    {
        var space = _replies.FreeSpace(unread);
        if (!_socket.Poll(_timeout, SelectMode.SelectRead))
        {
            throw new TimeoutException($"Redis at {EndPoint} did not answer within {_timeout}.");
        }

        var read = _socket.Receive(space.Span, SocketFlags.None);
        if (read == 0)
        {
            throw new EndOfStreamException("Redis closed the connection.");
        }

        _replies.Received(read);
    }

    private void Text(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        Header('$', length);
        Room(length + 2);
        _written += Encoding.UTF8.GetBytes(value, _out.AsSpan(_written));
        Raw("\r\n"u8);
    }

    private void Bulk(ReadOnlySpan<byte> value)
    {
        Header('$', value.Length);
        Raw(value);
        Raw("\r\n"u8);
    }

    private void Header(char type, int number)
    {
        Room(16);
        _out[_written++] = (byte)type;
        Integer(number);
        Raw("\r\n"u8);
    }

    private void Integer(int number)
    {
        Room(11);
        Utf8Formatter.TryFormat(number, _out.AsSpan(_written), out var length);
        _written += length;
    }

    private void Raw(ReadOnlySpan<byte> bytes)
    {
        Room(bytes.Length);
        bytes.CopyTo(_out.AsSpan(_written));
        _written += bytes.Length;
    }

    private void Room(int bytes)
    {
        if (_out.Length - _written < bytes)
        {
            Array.Resize(ref _out, Math.Max(_out.Length * 2, _written + bytes));
        }
    }
}
