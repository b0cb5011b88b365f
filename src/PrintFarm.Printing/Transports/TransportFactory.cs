namespace PrintFarm.Printing.Transports;

/// <summary>Makes a transport from a port string: a device path, or <c>tcp://HOST:PORT</c>.</summary>
public static class TransportFactory
{
    public static ILineTransport Create(string port, int baud)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(port);
        if (port.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(port, UriKind.Absolute, out var uri) || uri.Port <= 0)
                throw new ArgumentException($"\"{port}\" is not tcp://HOST:PORT", nameof(port));
            return new TcpTransport(uri.Host, uri.Port);
        }
        if (baud <= 0)
            throw new ArgumentOutOfRangeException(nameof(baud), baud, "baud must be positive");
        return new SerialTransport(port, baud);
    }
}
