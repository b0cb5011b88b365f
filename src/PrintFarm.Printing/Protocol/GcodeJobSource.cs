using PrintFarm.Printing.Gcode;

namespace PrintFarm.Printing.Protocol;

/// <summary>A job streamed from a G-code file, never held whole in memory.</summary>
public sealed class GcodeJobSource(GcodeReader reader) : IJobSource
{
    public long SourceBytesRead => reader.SourceBytesRead;

    public long SourceLength => reader.SourceLength;

    public bool TryReadCommand(out ReadOnlySpan<byte> command, out long sourceLine) => reader.TryReadCommand(out command, out sourceLine);
}
