namespace PrintFarm.Printing.Virtual;

/// <summary>
/// Faults of a real serial line and of odd firmware builds, each a probability per event, all drawn
/// from one seeded generator so that a run can be repeated. Zero everywhere (the default) is a clean line.
/// </summary>
public sealed record LineFaults
{
    /// <summary>Per ok: the ok is lost on its way to the host (the command still ran).</summary>
    public double DropOk { get; init; }

    /// <summary>Per resend request: the <c>Resend:</c> (or <c>rs</c>) line is lost; the rest of the reply is sent.</summary>
    public double DropResend { get; init; }

    /// <summary>Per ok: the ok arrives twice.</summary>
    public double DuplicateOk { get; init; }

    /// <summary>Per executed command: a line of noise, or the first part of a status line, reaches the host.</summary>
    public double Garbage { get; init; }

    /// <summary>Per executed command that leaves the firmware with nothing to do: it prints <c>wait</c>.</summary>
    public double WaitWhenIdle { get; init; }

    /// <summary>Per executed command: an unasked temperature report, as M155 autoreport prints it.</summary>
    public double Autoreport { get; init; }

    /// <summary>Per resend request: the number asked for is one more than the line the firmware wants.</summary>
    public double ResendAhead { get; init; }

    /// <summary>Seed of the generator behind every fault above.</summary>
    public int Seed { get; init; }

    /// <summary>No faults.</summary>
    public static LineFaults None { get; } = new();

    public bool Any => DropOk > 0 || DropResend > 0 || DuplicateOk > 0 || Garbage > 0 || WaitWhenIdle > 0 || Autoreport > 0 || ResendAhead > 0;

    /// <summary>Every fault at the same rate.</summary>
    public static LineFaults All(double probability, int seed) => new()
    {
        DropOk = probability,
        DropResend = probability,
        DuplicateOk = probability,
        Garbage = probability,
        WaitWhenIdle = probability,
        Autoreport = probability,
        ResendAhead = probability,
        Seed = seed,
    };

    internal bool IsValid =>
        new[] { DropOk, DropResend, DuplicateOk, Garbage, WaitWhenIdle, Autoreport, ResendAhead }.All(p => p is >= 0 and <= 1);
}
