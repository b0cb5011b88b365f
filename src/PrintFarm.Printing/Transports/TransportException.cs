namespace PrintFarm.Printing.Transports;

/// <summary>The link to the printer failed: it could not be opened, or it vanished.</summary>
public sealed class TransportException : IOException
{
    public TransportException(string message) : base(message) { }
    public TransportException(string message, Exception inner) : base(message, inner) { }
}
