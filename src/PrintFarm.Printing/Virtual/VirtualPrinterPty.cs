using System.Runtime.Versioning;
using Microsoft.Win32.SafeHandles;

namespace PrintFarm.Printing.Virtual;

/// <summary>
/// Serves a <see cref="VirtualPrinter"/> on a Linux pseudo-terminal, reachable through a symbolic link
/// (for example <c>/tmp/printer0</c> to <c>/dev/pts/7</c>) that any serial host can open, close and
/// open again. The pty keeps a slave descriptor of its own so that the master never sees a hang-up
/// between hosts. A simulated disconnect closes the master and removes the link, as an unplugged USB
/// adapter vanishes.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class VirtualPrinterPty : IDisposable
{
    private readonly PtyMasterStream _master;
    private readonly SafeFileHandle _slave;
    private int _closed;

    private VirtualPrinterPty(VirtualPrinter printer, string linkPath, string slavePath, PtyMasterStream master, SafeFileHandle slave)
    {
        Printer = printer;
        LinkPath = linkPath;
        SlavePath = slavePath;
        _master = master;
        _slave = slave;
    }

    public VirtualPrinter Printer { get; }

    /// <summary>The symbolic link hosts open.</summary>
    public string LinkPath { get; }

    /// <summary>The pty slave the link points to, for example <c>/dev/pts/7</c>.</summary>
    public string SlavePath { get; }

    /// <summary>Bytes the printer wrote while no host read them for a while, and which were dropped.</summary>
    public long BytesLost => _master.BytesLost;

    /// <summary>Creates the pty in raw mode and the link to it, replacing a stale link.</summary>
    public static VirtualPrinterPty Create(VirtualPrinter printer, string linkPath)
    {
        ArgumentNullException.ThrowIfNull(printer);
        ArgumentException.ThrowIfNullOrEmpty(linkPath);
        var fullLink = Path.GetFullPath(linkPath);
        var master = PtyNative.OpenMaster(out var slavePath);
        try
        {
            var slave = PtyNative.OpenRawSlave(slavePath);
            try
            {
                ReplaceLink(fullLink, slavePath);
                return new VirtualPrinterPty(printer, fullLink, slavePath, new PtyMasterStream(master), slave);
            }
            catch
            {
                slave.Dispose();
                throw;
            }
        }
        catch
        {
            master.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Serves hosts until <paramref name="cancellationToken"/> is cancelled or the printer simulates a
    /// disconnect; after a disconnect the pty and its link are gone.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await Printer.RunAsync(_master, cancellationToken).ConfigureAwait(false);
        if (Printer.Stats.Disconnected)
            Close();
    }

    public void Dispose() => Close();

    private void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
            return;
        _master.Dispose();
        _slave.Dispose();
        if (new FileInfo(LinkPath).LinkTarget == SlavePath)
            File.Delete(LinkPath);
    }

    private static void ReplaceLink(string linkPath, string slavePath)
    {
        var existing = new FileInfo(linkPath);
        if (existing.LinkTarget is not null)
            File.Delete(linkPath);
        else if (existing.Exists || Directory.Exists(linkPath))
            throw new IOException($"{linkPath} exists and is not a symbolic link; not replacing it.");
        File.CreateSymbolicLink(linkPath, slavePath);
    }
}
