namespace PrintFarm.Printing.Virtual;

/// <summary>
/// A received line after its checks: the command without <c>N&lt;n&gt;</c> and <c>*&lt;cs&gt;</c>, the
/// line number it carried (the M110 argument for an M110 line), and the number as written, for ADVANCED_OK.
/// </summary>
internal readonly record struct CheckedLine(LineCheck Result, string Command, long? LineNumber, string? LineNumberText);
