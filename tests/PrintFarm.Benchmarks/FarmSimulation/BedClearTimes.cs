namespace PrintFarm.Benchmarks.FarmSimulation;

/// <summary>
/// When a bed gets cleared. At home, between 08:00 and 23:00 on any day: 5 minutes plus an exponential delay of mean
/// 45 minutes; a clear that would fall at night waits for the next 08:00 plus a mean of 40 minutes. At a lab, staff
/// clear beds from 09:00 to 20:00 on weekdays, 5-30 minutes after the print ends, and otherwise at the next opening
/// plus 0-45 minutes. The simulation starts on a Monday at 00:00.
/// </summary>
internal static class BedClearTimes
{
    public static TimeSpan Next(TimeSpan now, SimPrinter printer, Random random) =>
        printer.IsLab ? Lab(now, random) : Home(now, random);

    private static TimeSpan Home(TimeSpan now, Random random)
    {
        if (Awake(now))
        {
            var at = now + TimeSpan.FromMinutes(5 + random.Exponential(45));
            if (Awake(at) && at.Days == now.Days)
                return at;
            return NextWake(now) + TimeSpan.FromMinutes(random.Exponential(40));
        }
        return NextWake(now) + TimeSpan.FromMinutes(random.Exponential(40));
    }

    private static TimeSpan Lab(TimeSpan now, Random random)
    {
        if (StaffIn(now))
        {
            var at = now + TimeSpan.FromMinutes(random.Uniform(5, 30));
            if (StaffIn(at))
                return at;
        }
        return NextOpening(now) + TimeSpan.FromMinutes(random.Uniform(0, 45));
    }

    private static bool Awake(TimeSpan t) => t.Hours >= 8 && t.Hours < 23;

    /// <summary>The next 08:00 after <paramref name="t"/>.</summary>
    private static TimeSpan NextWake(TimeSpan t)
    {
        var today = TimeSpan.FromDays(t.Days) + TimeSpan.FromHours(8);
        return t < today ? today : today + TimeSpan.FromDays(1);
    }

    private static bool Weekday(int day) => day % 7 < 5;

    private static bool StaffIn(TimeSpan t) => Weekday(t.Days) && t.Hours >= 9 && t.Hours < 20;

    /// <summary>The next 09:00 of a weekday after <paramref name="t"/>.</summary>
    private static TimeSpan NextOpening(TimeSpan t)
    {
        for (var day = t.Days; ; day++)
        {
            var opening = TimeSpan.FromDays(day) + TimeSpan.FromHours(9);
            if (Weekday(day) && opening > t)
                return opening;
        }
    }
}
