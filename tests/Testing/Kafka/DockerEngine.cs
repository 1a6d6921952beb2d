using System.Net.Sockets;
using System.Text;

namespace KafkaRooms.Testing.Kafka;

/// <summary>Whether a Docker engine answers its /_ping right now (the only reason a test may be skipped).</summary>
public static class DockerEngine
{
    private static readonly Lazy<bool> Answer = new(Ping);

    public static bool Answers => Answer.Value;

    private static bool Ping()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        try
        {
            using var socket = host is { } h && h.StartsWith("tcp://", StringComparison.Ordinal)
                ? ConnectTcp(new Uri(h))
                : ConnectUnix(host is { } u && u.StartsWith("unix://", StringComparison.Ordinal) ? u["unix://".Length..] : "/var/run/docker.sock");
            socket.ReceiveTimeout = 2000;
            socket.Send("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n"u8);
            var buffer = new byte[1024];
            var read = socket.Receive(buffer);
            var reply = Encoding.ASCII.GetString(buffer, 0, read);
            return reply.StartsWith("HTTP/1.", StringComparison.Ordinal) && reply.Contains(" 200 ", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is SocketException or IOException or UriFormatException)
        {
            return false;
        }
    }

    private static Socket ConnectUnix(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(path));
        return socket;
    }

    private static Socket ConnectTcp(Uri uri)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        socket.Connect(uri.Host, uri.Port);
        return socket;
    }
}
