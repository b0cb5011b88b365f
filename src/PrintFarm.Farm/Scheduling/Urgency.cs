namespace PrintFarm.Farm.Scheduling;

/// <summary>
/// The order in which waiting work gets a free printer; smaller comes first. See docs/farm.md, "How work is chosen".
/// <list type="number">
/// <item>Higher priority first.</item>
/// <item>Within a priority, work that can still meet its needed-by comes first, ordered by its latest start (needed-by
/// minus the print time: earliest deadline first); then work that is already late; then work with no needed-by.</item>
/// <item>Late work and work without a needed-by share the farm fairly: the requester holding fewer printers goes first,
/// so a care home's 20 parts are not starved behind a hospital's 2,000. A tie goes to the older demand.</item>
/// </list>
/// </summary>
public readonly record struct Urgency(int Priority, UrgencyTier Tier, long LatestStartMs, int RequesterLoad, long SinceMs, long Sequence)
    : IComparable<Urgency>
{
    /// <summary>The urgency of a plate needed by <paramref name="neededBy"/> that takes <paramref name="printTime"/> to print.</summary>
    public static Urgency Of(
        int priority, DateTimeOffset? neededBy, TimeSpan printTime, DateTimeOffset now, int requesterLoad, DateTimeOffset since, long sequence)
    {
        if (neededBy is not { } due)
            return new Urgency(priority, UrgencyTier.Open, 0, requesterLoad, since.ToUnixTimeMilliseconds(), sequence);
        var latestStart = due - printTime;
        return latestStart >= now
            ? new Urgency(priority, UrgencyTier.OnTime, latestStart.ToUnixTimeMilliseconds(), 0, since.ToUnixTimeMilliseconds(), sequence)
            : new Urgency(priority, UrgencyTier.Late, 0, requesterLoad, since.ToUnixTimeMilliseconds(), sequence);
    }

    public int CompareTo(Urgency other)
    {
        var c = other.Priority.CompareTo(Priority);
        if (c == 0)
            c = Tier.CompareTo(other.Tier);
        if (c == 0)
            c = LatestStartMs.CompareTo(other.LatestStartMs);
        if (c == 0)
            c = RequesterLoad.CompareTo(other.RequesterLoad);
        if (c == 0)
            c = SinceMs.CompareTo(other.SinceMs);
        return c != 0 ? c : Sequence.CompareTo(other.Sequence);
    }

    public static bool operator <(Urgency left, Urgency right) => left.CompareTo(right) < 0;

    public static bool operator >(Urgency left, Urgency right) => left.CompareTo(right) > 0;

    public static bool operator <=(Urgency left, Urgency right) => left.CompareTo(right) <= 0;

    public static bool operator >=(Urgency left, Urgency right) => left.CompareTo(right) >= 0;
}

/// <summary>Where a piece of work stands against its needed-by; earlier members go first.</summary>
public enum UrgencyTier
{
    /// <summary>It can still be printed by its needed-by.</summary>
    OnTime,

    /// <summary>Even started now, it would finish after its needed-by.</summary>
    Late,

    /// <summary>No needed-by.</summary>
    Open,
}
