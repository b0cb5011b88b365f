using System.Globalization;
using System.Runtime.InteropServices;

namespace PrintFarm.Printing.Gcode;

/// <summary>
/// Counts distinct command words without allocating per command: plain numbered words (<c>G1</c>,
/// <c>M104</c>) are counted in an array, and only the rare others (<c>M862.3</c>, macros) go
/// through a dictionary looked up by span.
/// </summary>
internal sealed class CommandWordCounter
{
    private const int MaxArrayCode = 1024;
    private const int MaxOtherWordLength = 64;

    private readonly int[] _numbered = new int[26 * MaxArrayCode];
    private readonly Dictionary<string, int> _others = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _otherLookup;

    public CommandWordCounter()
    {
        _otherLookup = _others.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Counts a numbered word already parsed by <see cref="GcodeWords.TryParseNumbered"/>.</summary>
    public void AddNumbered(ReadOnlySpan<byte> word, byte letter, int code, int subcode)
    {
        if (subcode == GcodeWords.NoSubcode && code < MaxArrayCode)
            _numbered[((letter - 'A') * MaxArrayCode) + code]++;
        else
            AddOther(word);
    }

    /// <summary>Counts a word by its upper-cased text (words longer than 64 bytes are cut).</summary>
    public void AddOther(ReadOnlySpan<byte> word)
    {
        Span<char> text = stackalloc char[MaxOtherWordLength];
        var length = Math.Min(word.Length, MaxOtherWordLength);
        if (GcodeWords.TryParseNumbered(word, out var letter, out var code, out var subcode))
        {
            var written = subcode == GcodeWords.NoSubcode
                ? text.TryWrite(CultureInfo.InvariantCulture, $"{(char)letter}{code}", out length)
                : text.TryWrite(CultureInfo.InvariantCulture, $"{(char)letter}{code}.{subcode}", out length);
            if (!written)
                length = 0;
        }
        else
        {
            for (var i = 0; i < length; i++)
                text[i] = char.ToUpperInvariant((char)word[i]);
        }
        ref var count = ref CollectionsMarshal.GetValueRefOrAddDefault(_otherLookup, text[..length], out _);
        count++;
    }

    /// <summary>All counted words, sorted by word.</summary>
    public SortedDictionary<string, int> ToDictionary()
    {
        var result = new SortedDictionary<string, int>(_others, StringComparer.Ordinal);
        for (var i = 0; i < _numbered.Length; i++)
        {
            if (_numbered[i] > 0)
                result[GcodeWords.Format((byte)('A' + (i / MaxArrayCode)), i % MaxArrayCode, GcodeWords.NoSubcode)] = _numbered[i];
        }
        return result;
    }
}
