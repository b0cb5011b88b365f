using PrintFarm.Printing.Protocol;

namespace PrintFarm.Cli.Send;

/// <summary>A one-line progress bar, drawn only when output is a terminal.</summary>
internal sealed class ProgressBar : IDisposable
{
    private const int Width = 30;
    private readonly TextWriter _out;
    private readonly long _totalCommands;

    private ProgressBar(TextWriter output, long totalCommands)
    {
        _out = output;
        _totalCommands = totalCommands;
    }

    /// <summary>A bar for the console, or null when output is redirected or JSON was asked for.</summary>
    public static ProgressBar? ForConsole(TextWriter output, bool json, long totalCommands) =>
        json || Console.IsOutputRedirected || !ReferenceEquals(output, Console.Out) ? null : new ProgressBar(output, totalCommands);

    public void Draw(JobProgress? progress)
    {
        if (progress is null)
            return;
        var fraction = _totalCommands > 0 ? Math.Clamp((double)progress.LinesAcknowledged / _totalCommands, 0, 1) : progress.Fraction;
        var filled = (int)Math.Round(fraction * Width);
        var rate = progress.Elapsed.TotalSeconds > 0 ? progress.LinesAcknowledged / progress.Elapsed.TotalSeconds : 0;
        _out.Write($"\r[{new string('#', filled)}{new string('.', Width - filled)}] {fraction * 100,5:0.0}%  {progress.LinesAcknowledged}/{_totalCommands} lines  {rate:0} lines/s  resends {progress.Resends}   ");
    }

    public void Finish(JobProgress progress)
    {
        Draw(progress);
        _out.WriteLine();
    }

    public void Dispose()
    {
    }
}
