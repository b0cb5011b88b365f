namespace PrintFarm.Farm.Designs;

/// <summary>The health authority's approval of a design. Only approved designs are planned.</summary>
public enum ApprovalStatus
{
    Pending,
    Approved,
    Withdrawn,
}
