using System.Diagnostics;

namespace PrintFarm.Printing.Virtual;

/// <summary>
/// Waits until a Stopwatch timestamp with tens-of-microseconds precision, without spinning for long:
/// an event wait for the bulk, short native sleeps near the deadline, and a spin for the last few
/// microseconds. Returns early when <c>wake</c> is set.
/// </summary>
internal static class PreciseDelay
{
    private static readonly long Millisecond = Stopwatch.Frequency / 1000;
    private static readonly long SleepSlice = Stopwatch.Frequency / 4000;
    private static readonly long SpinWindow = Stopwatch.Frequency / 100000;

    public static void WaitUntil(long due, ManualResetEventSlim wake)
    {
        while (!wake.IsSet)
        {
            var remaining = due - Stopwatch.GetTimestamp();
            if (remaining <= 0)
                return;
            if (remaining > 2 * Millisecond)
                wake.Wait((int)Math.Min(int.MaxValue - 1, (remaining - Millisecond) / Millisecond));
            else if (remaining > SpinWindow)
                NativeTime.Sleep(Math.Min(remaining - SpinWindow, SleepSlice));
            else
                Thread.SpinWait(20);
        }
    }
}
