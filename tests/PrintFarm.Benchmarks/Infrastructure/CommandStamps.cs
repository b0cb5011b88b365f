using System.Diagnostics;
using PrintFarm.Printing.Virtual;

namespace PrintFarm.Benchmarks.Infrastructure;

/// <summary>
/// The virtual printer's command log, time-stamped: when the first command of the file ran, when
/// the last one ran, and how many bytes had arrived by then. Both hosts are measured by the same
/// printer, so start-up and handshake costs of either host stay out of the numbers.
/// </summary>
internal sealed class CommandStamps(string firstFileCommand) : TextWriter
{
    private readonly Lock _gate = new();
    public VirtualPrinter? Printer { get; set; }
    public List<string> Commands { get; } = [];
    public long FirstAt { get; private set; } = -1;
    public long LastAt { get; private set; } = -1;
    public long BytesAtFirst { get; private set; }
    public long BytesAtLast { get; private set; }
    public int FirstIndex { get; private set; } = -1;

    public override System.Text.Encoding Encoding => System.Text.Encoding.ASCII;

    public override void WriteLine(string? value)
    {
        var now = Stopwatch.GetTimestamp();
        var bytes = Printer?.Stats.BytesReceived ?? 0;
        lock (_gate)
        {
            Commands.Add(value ?? "");
            if (FirstIndex < 0 && value == firstFileCommand)
            {
                FirstIndex = Commands.Count - 1;
                FirstAt = now;
                BytesAtFirst = bytes;
            }
            LastAt = now;
            BytesAtLast = bytes;
        }
    }

    public double Seconds => FirstAt < 0 ? double.NaN : Stopwatch.GetElapsedTime(FirstAt, LastAt).TotalSeconds;

    /// <summary>The commands executed from the file's first command on.</summary>
    public List<string> FromFirst()
    {
        lock (_gate)
            return FirstIndex < 0 ? [] : Commands.Skip(FirstIndex).ToList();
    }
}
