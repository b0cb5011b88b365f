namespace PrintFarm.Printing.Gcode;

/// <summary>
/// Splits a raw G-code line into its command and its comment. <c>;</c> starts a comment that runs
/// to the end of the line; spaces, tabs and carriage returns around either part are trimmed.
/// A line whose command part is empty is not a command and must never be sent.
/// </summary>
public static class GcodeComments
{
    /// <summary>The command part of <paramref name="line"/>: comment removed, white space trimmed.</summary>
    public static ReadOnlySpan<byte> Strip(ReadOnlySpan<byte> line)
    {
        var semicolon = line.IndexOf((byte)';');
        return Trim(semicolon < 0 ? line : line[..semicolon]);
    }

    /// <summary>
    /// Splits <paramref name="line"/> at the first <c>;</c>. Both parts are trimmed; the comment is
    /// empty when the line has none, and excludes the <c>;</c> itself.
    /// </summary>
    public static void Split(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> command, out ReadOnlySpan<byte> comment)
    {
        var semicolon = line.IndexOf((byte)';');
        if (semicolon < 0)
        {
            command = Trim(line);
            comment = default;
            return;
        }
        command = Trim(line[..semicolon]);
        comment = Trim(line[(semicolon + 1)..]);
    }

    /// <summary>Trims spaces, tabs and carriage returns from both ends.</summary>
    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> text)
    {
        var start = 0;
        while (start < text.Length && IsBlank(text[start]))
            start++;
        var end = text.Length;
        while (end > start && IsBlank(text[end - 1]))
            end--;
        return text[start..end];
    }

    internal static bool IsBlank(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r';
}
