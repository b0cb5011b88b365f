using System.Buffers;
using System.Buffers.Binary;

namespace PrintFarm.Printing.Gcode;

/// <summary>
/// Recognises files that are clearly not text G-code from their first bytes, so that the error can
/// say what the file is. Control characters further in are caught line by line by the reader.
/// </summary>
public static class GcodeContentSniffer
{
    /// <summary>Bytes that never occur in a text G-code file: C0 controls except tab, LF and CR, and DEL.</summary>
    public static SearchValues<byte> ForbiddenBytes { get; } = SearchValues.Create(
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 127]);

    /// <summary>
    /// Says why the content is not text G-code when its first bytes show it (for example
    /// "this is a PNG image, not a text G-code file"), or returns null. <paramref name="totalLength"/> is the uncompressed length when
    /// known, or -1; it lets a binary STL be recognised even when its header starts with "solid".
    /// </summary>
    public static string? ExplainNonGcode(ReadOnlySpan<byte> head, long totalLength = -1)
    {
        if (Starts(head, 0x89, (byte)'P', (byte)'N', (byte)'G'))
            return NotGcode("a PNG image");
        if (Starts(head, 0xFF, 0xD8, 0xFF))
            return NotGcode("a JPEG image");
        if (head.StartsWith("PK\u0003\u0004"u8) || head.StartsWith("PK\u0005\u0006"u8))
            return NotGcode("a ZIP archive (3MF projects are ZIP archives)");
        if (Starts(head, 0x7F, (byte)'E', (byte)'L', (byte)'F'))
            return NotGcode("an ELF executable");
        if (head.StartsWith("MZ"u8))
            return NotGcode("a Windows executable");
        if (head.StartsWith("%PDF"u8))
            return NotGcode("a PDF document");
        if (head.StartsWith("GCDE"u8))
            return "this is binary G-code (.bgcode), which is not supported; export plain G-code";
        if (Starts(head, 0x1F, 0x8B))
            return NotGcode("gzip data inside gzip data");
        if (Starts(head, 0xFF, 0xFE) || Starts(head, 0xFE, 0xFF))
            return "this is UTF-16 text; save it as ASCII or UTF-8";
        if (IsBinaryStl(head, totalLength))
            return "this is a binary STL mesh, not G-code; slice it first";
        if (IsAsciiStl(head))
            return "this is an ASCII STL mesh, not G-code; slice it first";
        return null;
    }

    /// <summary>Throws <see cref="GcodeFileException"/> when a raw line holds a byte no text G-code has.</summary>
    public static void EnsureTextLine(ReadOnlySpan<byte> line, string fileName, long lineNumber)
    {
        var bad = line.IndexOfAny(ForbiddenBytes);
        if (bad < 0)
            return;
        throw line[bad] == 0
            ? new GcodeFileException(fileName, lineNumber, "NUL byte, this is not a text G-code file")
            : new GcodeFileException(fileName, lineNumber, $"control character 0x{line[bad]:X2}, this is not a text G-code file");
    }

    private static string NotGcode(string what) => $"this is {what}, not a text G-code file";

    private static bool Starts(ReadOnlySpan<byte> head, params ReadOnlySpan<byte> prefix) => head.StartsWith(prefix);

    private static bool IsBinaryStl(ReadOnlySpan<byte> head, long totalLength)
    {
        if (head.Length < 84 || totalLength < 84)
            return false;
        var facets = BinaryPrimitives.ReadUInt32LittleEndian(head.Slice(80, 4));
        return totalLength == 84 + (50L * facets);
    }

    private static bool IsAsciiStl(ReadOnlySpan<byte> head) =>
        head.StartsWith("solid"u8) && head.IndexOf("facet normal"u8) >= 0;
}
