using PrintFarm.Printing.Protocol;
using PrintFarm.Printing.Transports;

namespace PrintFarm.Printing.Tests.Support;

/// <summary>A printer session wired to a scripted firmware over an in-memory wire.</summary>
internal sealed class SessionHarness : IAsyncDisposable
{
    private SessionHarness(PrinterSession session, ScriptedFirmware firmware, RecordingTransport transport)
    {
        Session = session;
        Firmware = firmware;
        Transport = transport;
    }

    public PrinterSession Session { get; }
    public ScriptedFirmware Firmware { get; }
    public RecordingTransport Transport { get; }

    public static SessionHarness Create(PrinterSessionOptions? options = null, TimeProvider? time = null, Func<string, bool>? marker = null)
    {
        // The scripted firmware answers at the test's pace, tens of milliseconds apart; early stall
        // probes would interleave M105s with the lines a test reads, so they wait a second here.
        options ??= new PrinterSessionOptions();
        if (options.StallProbeMinimum == new PrinterSessionOptions().StallProbeMinimum)
            options = options with { StallProbeMinimum = TimeSpan.FromSeconds(1) };
        var (host, printer) = InMemoryWire.CreatePair();
        var transport = new RecordingTransport(new InMemoryTransport(host), marker ?? (_ => false));
        var session = new PrinterSession(transport, Profiles.Catalog(), options, time);
        return new SessionHarness(session, new ScriptedFirmware(printer), transport);
    }

    /// <summary>Connects, answering the handshake as Marlin.</summary>
    public async Task ConnectAsync(bool autoreport = false, params string[] caps)
    {
        var connect = Session.ConnectAsync(CancellationToken.None);
        await Firmware.HandshakeAsync(autoreport: autoreport, extraCaps: caps);
        await connect.WaitAsync(ScriptedFirmware.Patience);
    }

    public static IJobSource Job(params string[] commands) => new ListJobSource(commands);

    public async ValueTask DisposeAsync()
    {
        await Session.DisposeAsync();
        await Firmware.DisposeAsync();
    }
}
