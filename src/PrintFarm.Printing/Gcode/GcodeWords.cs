using System.Text;

namespace PrintFarm.Printing.Gcode;

/// <summary>
/// The command word of a G-code command: a letter and a number with an optional subcode
/// (<c>G1</c>, <c>M862.3</c>, <c>T0</c>), or a whole macro name (<c>PRINT_START</c>). Pure functions.
/// </summary>
public static class GcodeWords
{
    /// <summary>Marks a word without a subcode.</summary>
    public const int NoSubcode = -1;

    /// <summary>
    /// Splits a stripped command into its word and the parameters after it. A numbered word ends
    /// at its last digit (<c>G1X10</c> is <c>G1</c> and <c>X10</c>); any other word ends at white space.
    /// </summary>
    public static ReadOnlySpan<byte> SplitWord(ReadOnlySpan<byte> command, out ReadOnlySpan<byte> parameters)
    {
        var end = 0;
        if (command.Length >= 2 && IsLetter(command[0]) && IsDigit(command[1]))
        {
            end = 2;
            while (end < command.Length && IsDigit(command[end]))
                end++;
            if (end + 1 < command.Length && command[end] == (byte)'.' && IsDigit(command[end + 1]))
            {
                end += 2;
                while (end < command.Length && IsDigit(command[end]))
                    end++;
            }
        }
        else
        {
            while (end < command.Length && !GcodeComments.IsBlank(command[end]))
                end++;
        }
        parameters = command[end..];
        return command[..end];
    }

    /// <summary>
    /// Reads a numbered word such as <c>G1</c>, <c>g01</c> or <c>M862.3</c>. The letter is upper-cased;
    /// <paramref name="subcode"/> is <see cref="NoSubcode"/> when there is none.
    /// </summary>
    public static bool TryParseNumbered(ReadOnlySpan<byte> word, out byte letter, out int code, out int subcode)
    {
        letter = 0;
        code = 0;
        subcode = NoSubcode;
        if (word.Length < 2 || !IsLetter(word[0]) || !IsDigit(word[1]))
            return false;
        var i = 1;
        while (i < word.Length && IsDigit(word[i]))
        {
            if (code > 99_999)
                return false;
            code = (code * 10) + (word[i++] - '0');
        }
        if (i < word.Length)
        {
            if (word[i] != (byte)'.' || i + 1 == word.Length)
                return false;
            subcode = 0;
            for (i++; i < word.Length; i++)
            {
                if (!IsDigit(word[i]) || subcode > 99_999)
                    return false;
                subcode = (subcode * 10) + (word[i] - '0');
            }
        }
        letter = (byte)(word[0] & ~0x20);
        return true;
    }

    /// <summary>Upper-case, normalised text of a word: <c>g01</c> becomes <c>G1</c>, <c>print_start</c> becomes <c>PRINT_START</c>.</summary>
    public static string Normalize(ReadOnlySpan<byte> word)
    {
        if (TryParseNumbered(word, out var letter, out var code, out var subcode))
            return Format(letter, code, subcode);
        return Encoding.Latin1.GetString(word).ToUpperInvariant();
    }

    internal static string Format(byte letter, int code, int subcode) =>
        subcode == NoSubcode ? $"{(char)letter}{code}" : $"{(char)letter}{code}.{subcode}";

    internal static bool IsLetter(byte b) => (uint)((b & ~0x20) - 'A') <= 'Z' - 'A';

    internal static bool IsDigit(byte b) => (uint)(b - '0') <= 9;
}
