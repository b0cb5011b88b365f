using System.Diagnostics;

namespace PrintFarm.Printing.Virtual;

/// <summary>Per-byte time and one-way latency of the serial line, in Stopwatch ticks.</summary>
internal readonly record struct WireTiming(double ByteTicks, long LatencyTicks)
{
    /// <summary>10 bits a byte (start, 8 data, stop) at the given baud; baud 0 has no byte time.</summary>
    public static WireTiming From(VirtualPrinterOptions options) => new(
        options.Baud > 0 ? Stopwatch.Frequency * 10.0 / options.Baud : 0,
        (long)(options.LatencyMs * Stopwatch.Frequency / 1000.0));

    /// <summary>Time of byte <paramref name="index"/> of a run whose first byte is at <paramref name="first"/>.</summary>
    public long Offset(long first, int index) => first + (long)(index * ByteTicks);
}
