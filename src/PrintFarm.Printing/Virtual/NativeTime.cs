using System.Diagnostics;
using System.Runtime.InteropServices;

namespace PrintFarm.Printing.Virtual;

/// <summary>
/// Sub-millisecond sleeping on Linux: <c>clock_nanosleep</c>, with the thread's timer slack cut from the
/// default 50 µs so that the kernel wakes it close to the deadline. Elsewhere it only yields.
/// </summary>
internal static class NativeTime
{
    private const int ClockMonotonic = 1;
    private const int PrSetTimerSlack = 29;
    private const ulong TimerSlackNanoseconds = 1000;

    /// <summary>Asks the kernel to wake this thread within about a microsecond of its deadlines.</summary>
    public static void TightenTimerSlack()
    {
        if (!OperatingSystem.IsLinux())
            return;
        try
        {
            _ = prctl(PrSetTimerSlack, (nuint)TimerSlackNanoseconds, 0, 0, 0);
        }
        catch (EntryPointNotFoundException)
        {
            // Not glibc or musl: the default slack only costs precision.
        }
        catch (DllNotFoundException)
        {
        }
    }

    /// <summary>Sleeps for about <paramref name="ticks"/> Stopwatch ticks.</summary>
    public static void Sleep(long ticks)
    {
        if (ticks <= 0)
            return;
        if (!OperatingSystem.IsLinux())
        {
            Thread.Yield();
            return;
        }
        var nanoseconds = (long)(ticks * (1_000_000_000.0 / Stopwatch.Frequency));
        var request = new Timespec { Seconds = (nint)(nanoseconds / 1_000_000_000), Nanoseconds = (nint)(nanoseconds % 1_000_000_000) };
        _ = clock_nanosleep(ClockMonotonic, 0, ref request, IntPtr.Zero);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public nint Seconds;
        public nint Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_nanosleep")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int clock_nanosleep(int clockId, int flags, ref Timespec request, IntPtr remain);

    [DllImport("libc", EntryPoint = "prctl")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);
}
