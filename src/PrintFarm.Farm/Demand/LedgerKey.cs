namespace PrintFarm.Farm.Demand;

/// <summary>One line of the ledger: a design, a requester and a node. Requester <see cref="Stock"/> holds stock.</summary>
public readonly record struct LedgerKey(string DesignId, string Requester, string Node)
{
    /// <summary>The requester name of stock: parts from direct staff jobs, owed to nobody yet.</summary>
    public const string Stock = "";

    public bool IsStock => Requester.Length == 0;

    public override string ToString() => $"{DesignId}/{(IsStock ? "(stock)" : Requester)}/{Node}";
}
