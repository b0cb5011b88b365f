namespace PrintFarm.Farm.Demand;

/// <summary>Where a part is. A part is in exactly one stage at a time.</summary>
public enum LedgerStage
{
    Planned,
    Printing,
    Printed,
    Collected,
    Passed,
    Rejected,
    Delivered,
}
