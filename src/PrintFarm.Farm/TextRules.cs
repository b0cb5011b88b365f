using System.Globalization;
using System.Text;

namespace PrintFarm.Farm;

/// <summary>
/// Ids and names shown to people may not hold control characters or the bidirectional controls (U+202A..U+202E,
/// U+2066..U+2069, U+200E, U+200F, U+061C) that make text read differently from what it is.
/// </summary>
public static class TextRules
{
    public static bool IsPlain(string? text)
    {
        if (text is null)
            return true;
        foreach (var c in text)
        {
            if (IsRefused(c))
                return false;
        }
        return true;
    }

    /// <summary>The text with every refused character shown as <c>\uXXXX</c>, for an error message.</summary>
    public static string Printable(string? text)
    {
        if (text is null)
            return "";
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (IsRefused(c))
                sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            else
                sb.Append(c);
        }
        return sb.ToString();
    }

    private static bool IsRefused(char c) =>
        char.IsControl(c) || c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200E' or '\u200F' or '\u061C';
}
