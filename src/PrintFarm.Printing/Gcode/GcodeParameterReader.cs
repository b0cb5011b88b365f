namespace PrintFarm.Printing.Gcode;

/// <summary>
/// Walks the parameters after a command word: <c>X10 Y-2.5 E.3 F1200</c>, with or without spaces
/// between them (<c>X10Y20</c>). A letter without a number (<c>G28 W</c>) is reported with
/// <c>hasValue</c> false. Letters are upper-cased. Allocation-free.
/// </summary>
public ref struct GcodeParameterReader
{
    private readonly ReadOnlySpan<byte> _text;
    private int _position;

    public GcodeParameterReader(ReadOnlySpan<byte> parameters)
    {
        _text = parameters;
        _position = 0;
    }

    /// <summary>Moves to the next parameter; false when there is none left.</summary>
    public bool Next(out byte letter, out double value, out bool hasValue)
    {
        while (_position < _text.Length)
        {
            var c = _text[_position++];
            var upper = (byte)(c & ~0x20);
            if (upper is < (byte)'A' or > (byte)'Z')
                continue;
            letter = upper;
            hasValue = GcodeNumber.TryParse(_text[_position..], out value, out var consumed);
            _position += consumed;
            return true;
        }
        letter = 0;
        value = 0;
        hasValue = false;
        return false;
    }

    /// <summary>The value of the first parameter named <paramref name="letter"/>, if it has one.</summary>
    public static bool TryGet(ReadOnlySpan<byte> parameters, char letter, out double value)
    {
        var reader = new GcodeParameterReader(parameters);
        var wanted = (byte)char.ToUpperInvariant(letter);
        while (reader.Next(out var name, out value, out var hasValue))
        {
            if (name == wanted)
                return hasValue;
        }
        value = 0;
        return false;
    }
}
