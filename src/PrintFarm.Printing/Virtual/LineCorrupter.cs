namespace PrintFarm.Printing.Virtual;

/// <summary>
/// Fault injection: with a given probability per line, flips the low bit of one byte, which every
/// check (line number, checksum, the <c>N</c>, the <c>*</c>) catches. Deterministic for a seed.
/// </summary>
internal sealed class LineCorrupter
{
    private readonly double _probability;
    private readonly Random _random;

    private readonly bool _bodyOnly;

    public LineCorrupter(double probability, int seed, bool bodyOnly = false)
    {
        _bodyOnly = bodyOnly;
        _probability = probability;
        _random = new Random(seed);
    }

    /// <summary>Returns the line, altered or not; true when it was altered.</summary>
    public bool TryCorrupt(string line, out string result)
    {
        result = line;
        if (_probability <= 0 || line.Length == 0 || _random.NextDouble() >= _probability)
            return false;
        var (from, to) = _bodyOnly ? Body(line) : (0, line.Length);
        if (to <= from)
            return false;
        var chars = line.ToCharArray();
        var at = _random.Next(from, to);
        chars[at] = (char)(chars[at] ^ 0x01);
        result = new string(chars);
        return true;
    }

    /// <summary>The command between <c>N&lt;n&gt; </c> and <c>*</c>.</summary>
    private static (int From, int To) Body(string line)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        var star = line.LastIndexOf('*');
        return (space + 1, star < 0 ? line.Length : star);
    }
}
