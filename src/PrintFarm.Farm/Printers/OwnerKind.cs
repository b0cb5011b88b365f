namespace PrintFarm.Farm.Printers;

/// <summary>Who a printer belongs to.</summary>
public enum OwnerKind
{
    Maker,
    Lab,
}
