namespace PrintFarm.Farm.Demand;

/// <summary>One line of the ledger: a design, a requester and a node. Requester <see cref="Stock"/> holds stock.</summary>
public readonly record struct LedgerKey(string DesignId, string Requester, string Node)
{
    /// <summary>The requester name of stock: parts from direct staff jobs, owed to nobody yet. No demand may use it.</summary>
    public const string Stock = "stock";

    public bool IsStock => Requester == Stock;

    /// <summary>A requester name that could be mistaken for stock (any case).</summary>
    public static bool IsStockName(string requester) => string.Equals(requester?.Trim(), Stock, StringComparison.OrdinalIgnoreCase);

    public override string ToString() => $"{DesignId}/{Requester}/{Node}";
}
