using System.Text;

namespace PrintFarm.Printing.Virtual;

/// <summary>Draws the faults of <see cref="LineFaults"/> from one seeded generator and counts what it did.</summary>
internal sealed class FaultInjector
{
    private const string NoiseAlphabet = "abcdfghjlmnpqtuvxyz0123456789 .#$%&";
    private readonly LineFaults _faults;
    private readonly Random _random;
    private readonly VirtualPrinterStats _stats;

    public FaultInjector(LineFaults faults, VirtualPrinterStats stats)
    {
        _faults = faults;
        _random = new Random(faults.Seed);
        _stats = stats;
    }

    public bool DropOk() => Draw(_faults.DropOk, FaultKind.DropOk);

    public bool DuplicateOk() => Draw(_faults.DuplicateOk, FaultKind.DuplicateOk);

    public bool DropResend() => Draw(_faults.DropResend, FaultKind.DropResend);

    public bool ResendAhead() => Draw(_faults.ResendAhead, FaultKind.ResendAhead);

    public bool WaitWhenIdle() => Draw(_faults.WaitWhenIdle, FaultKind.WaitWhenIdle);

    public bool Autoreport() => Draw(_faults.Autoreport, FaultKind.Autoreport);

    /// <summary>A line of noise, or the first part of <paramref name="statusLine"/>; null when no fault is drawn.</summary>
    public string? Garbage(string statusLine)
    {
        if (!Draw(_faults.Garbage, FaultKind.Garbage))
            return null;
        if (_random.Next(2) == 0 && statusLine.Length > 2)
            return statusLine[.._random.Next(1, statusLine.Length - 1)];
        var noise = new StringBuilder();
        var length = _random.Next(1, 24);
        for (var i = 0; i < length; i++)
            noise.Append(NoiseAlphabet[_random.Next(NoiseAlphabet.Length)]);
        return noise.ToString();
    }

    private bool Draw(double probability, FaultKind kind)
    {
        if (probability <= 0 || _random.NextDouble() >= probability)
            return false;
        _stats.FaultInjected(kind);
        return true;
    }
}
