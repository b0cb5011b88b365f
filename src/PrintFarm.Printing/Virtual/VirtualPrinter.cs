using System.Diagnostics;

namespace PrintFarm.Printing.Virtual;

/// <summary>
/// A Marlin-like printer on the far end of a byte link, for tests, demos and benchmarks. It models the
/// serial line (baud, latency), the receive ring and command queue, line checks and resends, the
/// planner's motion time, and injected faults. See <see cref="VirtualPrinterOptions"/>.
/// </summary>
public sealed class VirtualPrinter : IDisposable
{
    private readonly VirtualPrinterOptions _options;
    private readonly CommandLog _log;
    private readonly FirmwareCore _core;
    private int _running;

    public VirtualPrinter(VirtualPrinterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _log = new CommandLog(options.LogPath, options.LogWriter);
        _core = new FirmwareCore(options, Stats, _log);
    }

    public VirtualPrinterOptions Options => _options;

    /// <summary>Live counters, readable from any thread during and after a run.</summary>
    public VirtualPrinterStats Stats { get; } = new();

    /// <summary>
    /// Serves the printer's end of a byte link (an <see cref="Transports.InMemoryWire"/> end, a pty master,
    /// a socket stream) until <paramref name="cancellationToken"/> is cancelled, the link closes, or the
    /// printer simulates a disconnect, in which case it disposes <paramref name="wire"/>. The printer keeps
    /// its state between runs, as a board stays powered while hosts come and go.
    /// </summary>
    public async Task RunAsync(Stream wire, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(wire);
        if (Interlocked.Exchange(ref _running, 1) != 0)
            throw new InvalidOperationException("This virtual printer is already serving a link.");
        try
        {
            await ServeAsync(wire, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    public void Dispose() => _log.Dispose();

    private async Task ServeAsync(Stream wire, CancellationToken cancellationToken)
    {
        var timing = WireTiming.From(_options);
        using var transmitter = new Transmitter(wire, timing, _core.Profile.LineEnding, Stats);
        using var firmware = new FirmwareThread(_core, _log, new InboundWire(timing));
        using var stopReading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = cancellationToken.Register(() => cancelled.TrySetResult());
        var reading = Task.CompletedTask;
        var disconnect = false;
        _core.CatchUp(Stopwatch.GetTimestamp());
        _core.Output.Attach(transmitter);
        try
        {
            transmitter.Start();
            firmware.Start();
            reading = ReadAsync(wire, firmware, stopReading.Token);
            await Task.WhenAny(reading, firmware.Stopped, transmitter.Stopped, cancelled.Task).ConfigureAwait(false);
            disconnect = firmware.Stopped.IsCompletedSuccessfully && _core.DisconnectRequested;
            if (disconnect)
                await Task.WhenAny(transmitter.DrainAsync(), cancelled.Task).ConfigureAwait(false);
        }
        finally
        {
            firmware.Stop();
            transmitter.Stop();
            await stopReading.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(Quietly(firmware.Stopped), transmitter.Stopped, reading).ConfigureAwait(false);
            _core.Output.Attach(null);
            if (disconnect)
                await wire.DisposeAsync().ConfigureAwait(false);
            _log.Flush();
        }
        await firmware.Stopped.ConfigureAwait(false);
    }

    private static async Task ReadAsync(Stream wire, FirmwareThread firmware, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        while (true)
        {
            int read;
            try
            {
                read = await wire.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
            {
                return;
            }
            if (read == 0)
                return;
            var receivedAt = Stopwatch.GetTimestamp();
            firmware.Post(buffer.AsSpan(0, read).ToArray(), receivedAt);
        }
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Observed and rethrown by the caller.
        }
    }
}
