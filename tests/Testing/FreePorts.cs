using System.Net;
using System.Net.Sockets;

namespace KafkaRooms.Testing;

/// <summary>Loopback ports nobody listens on right now.</summary>
public static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A port p such that p and p + offset are both free (Redis Cluster's bus port is p + 10000).</summary>
    public static int NextWithCompanion(int offset)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var port = Random.Shared.Next(20000, 65535 - offset);
            if (IsFree(port) && IsFree(port + offset))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"No free loopback port pair (p, p+{offset}) found.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
