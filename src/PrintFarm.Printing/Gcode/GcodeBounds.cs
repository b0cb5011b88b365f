namespace PrintFarm.Printing.Gcode;

/// <summary>An axis-aligned box in millimetres.</summary>
public sealed record GcodeBounds(double MinX, double MinY, double MinZ, double MaxX, double MaxY, double MaxZ);
