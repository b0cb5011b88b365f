using System.IO.Ports;
using Microsoft.Win32.SafeHandles;

namespace PrintFarm.Printing.Transports;

/// <summary>
/// A serial port through System.IO.Ports: opened and configured by <see cref="SerialPort"/>, read
/// through its base stream (no DataReceived polling), written straight to the device (see
/// <see cref="SerialWriteThroughStream"/>). Works on USB adapters and on Linux pseudo-terminals. A watchdog notices a device node
/// that disappears (USB unplugged) even when the driver leaves reads hanging.
/// </summary>
public sealed class SerialTransport : StreamLineTransport
{
    private static readonly TimeSpan WatchdogPeriod = TimeSpan.FromMilliseconds(500);
    private readonly string _path;
    private readonly int _baud;
    private SerialPort? _port;
    private ITimer? _watchdog;

    public SerialTransport(string path, int baud)
    {
        _path = path;
        _baud = baud;
    }

    public override string Endpoint => $"{_path}@{_baud}";

    /// <summary>
    /// System.IO.Ports on Unix serves reads from an I/O loop that sleeps 1 ms whenever no read is
    /// queued; with two reads always posted it never does, which takes a millisecond off every
    /// round trip to the firmware.
    /// </summary>
    protected override int PostedReads => 2;

    protected override ValueTask<Stream> OpenStreamAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(_path))
            throw new TransportException($"{_path}: no such serial port");
        var port = new SerialPort(_path, _baud, Parity.None, 8, StopBits.One)
        {
            Handshake = Handshake.None,
            ReadBufferSize = 65536,
            WriteBufferSize = 65536,
        };
        try
        {
            port.Open();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            port.Dispose();
            throw new TransportException($"{_path}: cannot open at {_baud} baud ({ex.Message})", ex);
        }
        // Lines the board printed while nobody listened (autoreports, a boot banner) would be
        // taken for answers to this session's first commands.
        port.DiscardInBuffer();
        SafeFileHandle writer;
        try
        {
            writer = File.OpenHandle(_path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            port.Dispose();
            throw new TransportException($"{_path}: cannot open for writing ({ex.Message})", ex);
        }
        _port = port;
        _watchdog = TimeProvider.System.CreateTimer(_ => CheckPresent(), null, WatchdogPeriod, WatchdogPeriod);
        return ValueTask.FromResult<Stream>(new SerialWriteThroughStream(port.BaseStream, writer));
    }

    private void CheckPresent()
    {
        if (File.Exists(_path))
            return;
        _watchdog?.Dispose();
        Fail($"{_path}: the port disappeared (USB unplugged?)");
    }

    public override async ValueTask DisposeAsync()
    {
        if (_watchdog is not null)
            await _watchdog.DisposeAsync().ConfigureAwait(false);
        // Closing a port whose device vanished can block for ever inside the driver once an I/O
        // was started after the loss; never let that hang the caller.
        var close = Task.Run(async () =>
        {
            await base.DisposeAsync().ConfigureAwait(false);
            _port?.Dispose();
        });
        try
        {
            await close.WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Abandoned: the handle goes with the process.
        }
    }
}
