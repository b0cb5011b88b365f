using PrintFarm.Farm.Printers;

namespace PrintFarm.Farm.Queries;

/// <summary>Which printers to list, ordered by id; null filters match everything.</summary>
public sealed record PrinterQuery
{
    public PrinterState? State { get; init; }

    public string? Site { get; init; }

    public string? Owner { get; init; }

    public int Limit { get; init; } = Paging.DefaultLimit;

    public long Offset { get; init; }
}
