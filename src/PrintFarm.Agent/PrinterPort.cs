using PrintFarm.Printing.Connection;
using PrintFarm.Printing.Transports;

namespace PrintFarm.Agent;

/// <summary>An open link to one printer: its line transport, and whatever must be closed with it.</summary>
internal interface IPrinterPort : IAsyncDisposable
{
    ILineTransport Transport { get; }
}

/// <summary>Opens a printer's link; the agent uses <see cref="PrinterPorts.Open"/>, tests their own boards.</summary>
internal delegate IPrinterPort PrinterPortOpener(LinkTarget config);

internal static class PrinterPorts
{
    /// <summary>The coordinator's printer link: a serial port, a TCP bridge or an in-process virtual printer.</summary>
    public static IPrinterPort Open(LinkTarget config) => new SharedLink(PrinterLink.Open(config));

    private sealed class SharedLink(PrinterLink link) : IPrinterPort
    {
        public ILineTransport Transport => link.Transport;

        public ValueTask DisposeAsync() => link.DisposeAsync();
    }
}
