namespace PrintFarm.Printing.Gcode;

/// <summary>What <see cref="GcodeAnalyzer"/> found in one G-code file.</summary>
public sealed record GcodeAnalysis
{
    /// <summary>Time estimates taken from the slicer's comments.</summary>
    public const string SlicerTimeSource = "slicer";

    /// <summary>Time estimates computed here from the moves.</summary>
    public const string ComputedTimeSource = "computed";

    /// <summary>Raw lines, blank and comment-only lines included.</summary>
    public required long Lines { get; init; }

    /// <summary>Uncompressed bytes.</summary>
    public required long Bytes { get; init; }

    /// <summary>Lines that hold a command after comments are stripped.</summary>
    public required long Commands { get; init; }

    /// <summary>G0, G1, G2 and G3 commands.</summary>
    public required long Moves { get; init; }

    /// <summary>Layer-change comments of the slicer, or else the distinct rising Z heights of extruding moves.</summary>
    public required int Layers { get; init; }

    /// <summary>The slicer's estimate when it wrote one, else <see cref="ComputedTime"/>; null when there are no moves.</summary>
    public required TimeSpan? EstimatedTime { get; init; }

    /// <summary><see cref="SlicerTimeSource"/> or <see cref="ComputedTimeSource"/>; null with <see cref="EstimatedTime"/>.</summary>
    public required string? EstimatedTimeSource { get; init; }

    /// <summary>Time computed from the moves with a simple model (distance over feed rate, plus dwells).</summary>
    public required TimeSpan ComputedTime { get; init; }

    /// <summary>Net filament pushed, in mm: the sum of all E changes, so retractions cancel out.</summary>
    public required double FilamentMm { get; init; }

    /// <summary>The slicer's own <c>filament used [mm]</c>, when the file has it.</summary>
    public required double? SlicerFilamentMm { get; init; }

    /// <summary>The slicer's own <c>filament used [g]</c>, when the file has it.</summary>
    public required double? SlicerFilamentGrams { get; init; }

    /// <summary>Box around the extruding moves; null when nothing is extruded.</summary>
    public required GcodeBounds? BoundingBox { get; init; }

    /// <summary>Box around the end points of all moves, travel included; null when there are none.</summary>
    public required GcodeBounds? MoveBoundingBox { get; init; }

    /// <summary>Hot-end targets from M104 and M109 (S, or R for M109).</summary>
    public required TemperatureTargets ToolTemperature { get; init; }

    /// <summary>Bed targets from M140 and M190 (S, or R for M190).</summary>
    public required TemperatureTargets BedTemperature { get; init; }

    /// <summary>The slicer that wrote the file, when its header says so.</summary>
    public required SlicerInfo? Slicer { get; init; }

    /// <summary>
    /// Clues to the firmware the file was made for, as <c>key=value</c> in the order found, for example
    /// <c>gcode_flavor=marlin</c>, <c>printer_model=MK3S</c>, <c>prusa_printer_check=MK3S</c>,
    /// <c>prusa_firmware_check=3.11.0</c>, <c>cura_flavor=Marlin</c>, <c>klipper_macro=PRINT_START</c>.
    /// </summary>
    public required IReadOnlyList<string> FlavourHints { get; init; }

    /// <summary>Each distinct command word, upper case and normalised (<c>G1</c>, <c>M862.3</c>, <c>T0</c>, <c>PRINT_START</c>), with its count.</summary>
    public required IReadOnlyDictionary<string, int> CommandWords { get; init; }

    /// <summary>Length in bytes of the longest command, comment stripped. Firmware keeps about 96.</summary>
    public required int LongestCommandLength { get; init; }

    /// <summary>Source line of the longest command (the first, on a tie); 0 when there are no commands.</summary>
    public required long LongestCommandLine { get; init; }
}
