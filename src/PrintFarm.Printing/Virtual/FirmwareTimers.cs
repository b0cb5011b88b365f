using System.Diagnostics;

namespace PrintFarm.Printing.Virtual;

/// <summary>The firmware's periodic reports: temperature autoreport (M155) and the busy keepalive (M113).</summary>
internal sealed class FirmwareTimers
{
    private const int DefaultBusySeconds = 2;

    public long AutoreportInterval { get; private set; }

    public long NextAutoreport { get; set; } = long.MaxValue;

    public long BusyInterval { get; private set; } = DefaultBusySeconds * Stopwatch.Frequency;

    /// <summary>M155 S&lt;seconds&gt;; 0 stops.</summary>
    public void SetAutoreport(double seconds, long now)
    {
        AutoreportInterval = seconds > 0 ? (long)(seconds * Stopwatch.Frequency) : 0;
        NextAutoreport = AutoreportInterval > 0 ? now + AutoreportInterval : long.MaxValue;
    }

    /// <summary>M113 S&lt;seconds&gt;; 0 turns the keepalive off.</summary>
    public void SetBusyInterval(double seconds) =>
        BusyInterval = seconds > 0 ? (long)(seconds * Stopwatch.Frequency) : 0;

    public void StopAutoreport() => SetAutoreport(0, 0);
}
