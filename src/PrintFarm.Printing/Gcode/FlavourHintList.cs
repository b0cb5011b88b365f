namespace PrintFarm.Printing.Gcode;

/// <summary>Distinct firmware clues in the order they were found.</summary>
internal sealed class FlavourHintList
{
    private const int MaxHints = 32;
    private readonly List<string> _hints = [];

    public void Add(string? hint)
    {
        if (hint is not null && _hints.Count < MaxHints && !_hints.Contains(hint))
            _hints.Add(hint);
    }

    /// <summary>
    /// Adds a <c>klipper_macro=NAME</c> clue for each command word that is a name rather than a
    /// letter and number: three or more upper-case letters, digits and underscores (<c>PRINT_START</c>).
    /// </summary>
    public void AddMacros(IEnumerable<string> words)
    {
        foreach (var word in words)
        {
            if (IsMacroName(word))
                Add($"klipper_macro={word}");
        }
    }

    internal static bool IsMacroName(string word) =>
        word.Length >= 3 && char.IsAsciiLetterUpper(word[0]) && char.IsAsciiLetterUpper(word[1])
        && word.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_');

    public IReadOnlyList<string> ToList() => _hints.ToArray();
}
