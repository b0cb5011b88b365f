using System.Runtime.CompilerServices;

namespace PrintFarm.Printing.Gcode;

/// <summary>
/// Parses G-code numbers (<c>-12.5</c>, <c>.36703</c>, <c>+3</c>) from bytes. There is no exponent
/// form: in <c>X1E5</c> the <c>E</c> starts the next parameter.
/// </summary>
public static class GcodeNumber
{
    private const int MaxMantissaDigits = 18;

    private static readonly double[] s_powersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>
    /// Parses the number at the start of <paramref name="text"/>. Returns false when no digit is
    /// found; <paramref name="consumed"/> is the number of bytes the number takes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParse(ReadOnlySpan<byte> text, out double value, out int consumed)
    {
        var i = 0;
        var negative = false;
        if (i < text.Length && text[i] is (byte)'-' or (byte)'+')
        {
            negative = text[i] == (byte)'-';
            i++;
        }
        ulong mantissa = 0;
        var digits = 0;
        var scale = 0;
        var seenPoint = false;
        var anyDigit = false;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            var d = (uint)(c - '0');
            if (d <= 9)
            {
                anyDigit = true;
                if (digits < MaxMantissaDigits)
                {
                    if (mantissa != 0 || d != 0)
                        digits++;
                    mantissa = (mantissa * 10) + d;
                    if (seenPoint)
                        scale++;
                }
                else if (!seenPoint)
                {
                    scale--;
                }
            }
            else if (c == (byte)'.' && !seenPoint)
            {
                seenPoint = true;
            }
            else
            {
                break;
            }
        }
        if (!anyDigit)
        {
            value = 0;
            consumed = 0;
            return false;
        }
        double result = mantissa;
        if (scale > 0)
            result = scale < s_powersOfTen.Length ? result / s_powersOfTen[scale] : result / Math.Pow(10, scale);
        else if (scale < 0)
            result *= Math.Pow(10, -scale);
        value = negative ? -result : result;
        consumed = i;
        return true;
    }
}
