using System.Globalization;

namespace PrintFarm.Printing.Gcode;

/// <summary>
/// Parses G-code numbers (<c>-12.5</c>, <c>.36703</c>, <c>+3</c>) from bytes. There is no exponent
/// form: in <c>X1E5</c> the <c>E</c> starts the next parameter.
/// </summary>
public static class GcodeNumber
{
    /// <summary>Up to this many digits the value is exact in a ulong and one correctly rounded division.</summary>
    private const int FastDigits = 18;

    private static readonly double[] s_powersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
    ];

    /// <summary>
    /// Parses the number at the start of <paramref name="text"/>. Returns false when no digit is
    /// found; <paramref name="consumed"/> is the number of bytes the number takes.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out double value, out int consumed)
    {
        var i = 0;
        var negative = false;
        if (!text.IsEmpty && text[0] is (byte)'-' or (byte)'+')
        {
            negative = text[0] == (byte)'-';
            i = 1;
        }
        ulong mantissa = 0;
        var integerStart = i;
        for (; i < text.Length; i++)
        {
            var digit = (uint)(text[i] - '0');
            if (digit > 9)
                break;
            mantissa = (mantissa * 10) + digit;
        }
        var digits = i - integerStart;
        var fractionDigits = 0;
        if (i < text.Length && text[i] == (byte)'.')
        {
            var fractionStart = ++i;
            for (; i < text.Length; i++)
            {
                var digit = (uint)(text[i] - '0');
                if (digit > 9)
                    break;
                mantissa = (mantissa * 10) + digit;
            }
            fractionDigits = i - fractionStart;
            digits += fractionDigits;
        }
        if (digits == 0)
        {
            value = 0;
            consumed = 0;
            return false;
        }
        consumed = i;
        if (digits > FastDigits)
            return double.TryParse(text[..i], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
        var magnitude = fractionDigits == 0 ? mantissa : mantissa / s_powersOfTen[fractionDigits];
        value = negative ? -magnitude : magnitude;
        return true;
    }
}
