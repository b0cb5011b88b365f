namespace PrintFarm.Farm.Queries;

/// <summary>Which ledger lines to list, ordered by design, requester and node; null filters match everything.</summary>
public sealed record LedgerQuery
{
    public string? DesignId { get; init; }

    /// <summary>A requester, or <c>stock</c> for the stock lines.</summary>
    public string? Requester { get; init; }

    public string? Node { get; init; }
}
