namespace PrintFarm.Farm.Demand;

/// <summary>The counts of one ledger line. Stages add up: see docs/farm.md, "The ledger".</summary>
public readonly record struct LedgerCounts(
    long Requested, long Planned, long Printing, long Printed, long Collected, long Passed, long Rejected, long Delivered)
{
    /// <summary>Parts that are or will be there: every stage but rejected.</summary>
    public long Covered => Planned + Printing + Printed + Collected + Passed + Delivered;

    /// <summary>Open demand nothing covers yet; negative when plates rounded up (stock).</summary>
    public long Uncovered => Requested - Covered;

    /// <summary>Parts beyond the demand: plate rounding, direct staff jobs, reduced demands.</summary>
    public long Stock => Math.Max(0, Covered - Requested);

    public bool IsZero => this == default;

    public long this[LedgerStage stage] => stage switch
    {
        LedgerStage.Planned => Planned,
        LedgerStage.Printing => Printing,
        LedgerStage.Printed => Printed,
        LedgerStage.Collected => Collected,
        LedgerStage.Passed => Passed,
        LedgerStage.Rejected => Rejected,
        LedgerStage.Delivered => Delivered,
        _ => throw new ArgumentOutOfRangeException(nameof(stage)),
    };

    public static LedgerCounts Of(LedgerStage stage, long count) => stage switch
    {
        LedgerStage.Planned => new LedgerCounts { Planned = count },
        LedgerStage.Printing => new LedgerCounts { Printing = count },
        LedgerStage.Printed => new LedgerCounts { Printed = count },
        LedgerStage.Collected => new LedgerCounts { Collected = count },
        LedgerStage.Passed => new LedgerCounts { Passed = count },
        LedgerStage.Rejected => new LedgerCounts { Rejected = count },
        LedgerStage.Delivered => new LedgerCounts { Delivered = count },
        _ => throw new ArgumentOutOfRangeException(nameof(stage)),
    };

    public static LedgerCounts operator +(LedgerCounts a, LedgerCounts b) => new(
        a.Requested + b.Requested, a.Planned + b.Planned, a.Printing + b.Printing, a.Printed + b.Printed,
        a.Collected + b.Collected, a.Passed + b.Passed, a.Rejected + b.Rejected, a.Delivered + b.Delivered);

    public static LedgerCounts operator -(LedgerCounts a, LedgerCounts b) => new(
        a.Requested - b.Requested, a.Planned - b.Planned, a.Printing - b.Printing, a.Printed - b.Printed,
        a.Collected - b.Collected, a.Passed - b.Passed, a.Rejected - b.Rejected, a.Delivered - b.Delivered);

    public static LedgerCounts Add(LedgerCounts left, LedgerCounts right) => left + right;

    public static LedgerCounts Subtract(LedgerCounts left, LedgerCounts right) => left - right;

    public override string ToString() =>
        $"requested {Requested}, planned {Planned}, printing {Printing}, printed {Printed}, collected {Collected}, "
        + $"passed {Passed}, rejected {Rejected}, delivered {Delivered}";
}
