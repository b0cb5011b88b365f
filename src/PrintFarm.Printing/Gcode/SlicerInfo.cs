namespace PrintFarm.Printing.Gcode;

/// <summary>The slicer that wrote a file, from its header comment (for example PrusaSlicer 2.5.0).</summary>
public sealed record SlicerInfo(string Name, string? Version)
{
    public override string ToString() => Version is null ? Name : $"{Name} {Version}";
}
