using System.Globalization;

namespace PrintFarm.Printing.Virtual;

/// <summary>Reads the code and the parameters of one command, the way Marlin's parser does.</summary>
internal static class CommandText
{
    /// <summary>
    /// The command's code: <c>G1</c> for <c>G01 X1</c>, <c>M862.3</c> for <c>M862.3 P "MK3S"</c>, or the
    /// upper-cased first word for an extended command such as <c>FIRMWARE_RESTART</c>.
    /// </summary>
    public static string Code(string command)
    {
        var text = command.AsSpan().TrimStart();
        if (text.IsEmpty)
            return string.Empty;
        var letter = char.ToUpperInvariant(text[0]);
        var i = 1;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
            i++;
        if (i == 1)
        {
            var end = text.IndexOfAny(' ', '\t');
            return (end < 0 ? text : text[..end]).ToString().ToUpperInvariant();
        }
        var number = int.Parse(text[1..i], NumberStyles.None, CultureInfo.InvariantCulture);
        var code = string.Create(CultureInfo.InvariantCulture, $"{letter}{number}");
        if (i + 1 < text.Length && text[i] == '.' && char.IsAsciiDigit(text[i + 1]))
        {
            var start = i + 1;
            i = start;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
                i++;
            code += "." + text[start..i].ToString();
        }
        return code;
    }

    /// <summary>True when the parameter <paramref name="letter"/> is present, with or without a value.</summary>
    public static bool Has(string command, char letter) => IndexOf(command, letter) >= 0;

    /// <summary>The numeric value of parameter <paramref name="letter"/>, if it has one.</summary>
    public static bool TryGet(string command, char letter, out double value)
    {
        value = 0;
        var at = IndexOf(command, letter);
        if (at < 0)
            return false;
        var start = at + 1;
        var end = start;
        while (end < command.Length && (char.IsAsciiDigit(command[end]) || command[end] is '.' or '-' or '+'))
            end++;
        return double.TryParse(command.AsSpan(start, end - start), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    public static double GetOrDefault(string command, char letter, double fallback) =>
        TryGet(command, letter, out var value) ? value : fallback;

    /// <summary>Position of a parameter letter after the code word; a letter preceded by another letter is text.</summary>
    private static int IndexOf(string command, char letter)
    {
        var i = SkipCode(command);
        var upper = char.ToUpperInvariant(letter);
        for (; i < command.Length; i++)
        {
            if (char.ToUpperInvariant(command[i]) == upper && (i == 0 || !char.IsAsciiLetter(command[i - 1])))
                return i;
        }
        return -1;
    }

    private static int SkipCode(string command)
    {
        var i = 0;
        while (i < command.Length && command[i] == ' ')
            i++;
        if (i < command.Length)
            i++;
        while (i < command.Length && (char.IsAsciiDigit(command[i]) || command[i] == '.'))
            i++;
        return i;
    }
}
